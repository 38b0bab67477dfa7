/**
 * `npm run bench:checkout [-- --duration 20 --rounds 4 --concurrency 32 --warmup 3 --skus 20]`
 *
 * Full checkouts (3 lines, create + complete, cash) by cashiers signed in at their terminals,
 * through the distributed platform's public API, and the same rows written straight to PostgreSQL
 * (the SQL ceiling), at the same concurrency for the same time, on one fresh database. The two take
 * turns in rounds, the platform's processes frozen while the ceiling runs, so a machine whose speed
 * drifts (shared cores) slows both alike; the database is vacuumed before each turn, so neither pays
 * for the other's dead rows.
 * Prints one line to stdout; progress and where the time went (CPU per process, database
 * transactions and saga step times per checkout) go to stderr.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { testAccessToken } from '../../libs/platform/src/testing/index';
import { ApiClient } from './api-client';
import { describeCpu, localBrokerServers, sampleCpu, type CpuSample, type LabelledProcess } from './cpu-usage';
import { BenchPlatform } from './bench-platform';
import { httpCheckout } from './http-checkout';
import { combine, driveLoad, throughputPerSecond, windowOf, type LoadOptions, type LoadResult, type Window } from './load-driver';
import { summarize } from './percentiles';
import { describeSagaTimings, readSagaTimings } from './saga-breakdown';
import { sqlCheckout, type CeilingTemplate } from './sql-ceiling';
import { basketsFor, LINES_PER_CHECKOUT, stockTheStore } from './store-setup';
import { Teardown } from './teardown';
import { describeCensus, onlyOneSideWrites, stockLedgerMismatches, takeCensus } from './write-census';

const USAGE = `Usage: npm run bench:checkout -- [options]
  --duration <seconds>   measured time of each side, split over the rounds (default 20)
  --rounds <n>           turns the platform and the ceiling take, 1-20 (default 4)
  --concurrency <n>      concurrent client loops, 1-80 (default 32)
  --warmup <seconds>     unmeasured time before each side first runs (default 3)
  --skus <n>             products stocked and sold per department (default 20; 3 = every checkout of a
                         department hits the same three stock rows)`;
/** A run stops, and the benchmark fails, after this many failed checkouts. */
const MAX_FAILURES = 100;
// The platform's seven services hold up to 70 PostgreSQL connections; the SQL ceiling's pool one per loop.
const MAX_CONCURRENCY = 80;

interface Options {
  readonly durationMs: number;
  readonly rounds: number;
  readonly warmupMs: number;
  readonly concurrency: number;
  readonly skusPerDepartment: number;
}

interface Outcome {
  readonly platform: LoadResult;
  readonly ceiling: LoadResult;
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const options = parseOptions();
  const teardown = new Teardown(log);
  stopOnInterrupt(teardown);
  let outcome: Outcome;
  try {
    outcome = await benchmark(options, teardown);
  } finally {
    log('stopping the platform and dropping the database…');
    await teardown.run();
  }
  process.stdout.write(`${resultLine(outcome)}\n`);
}

async function benchmark(options: Options, teardown: Teardown): Promise<Outcome> {
  const platform = new BenchPlatform();
  teardown.add('drop the database', () => platform.dropDatabase());
  teardown.add('stop the platform', () => platform.stopProcesses());
  log(`starting the distributed platform (namespace ${platform.namespace})…`);
  await platform.start().catch((error: unknown) => {
    log(`the platform did not start; its output:\n${platform.output().slice(-6_000)}`);
    throw error;
  });
  const api = new ApiClient(platform.apiUrl, testAccessToken({ roles: ['admin'], username: 'bench' }));
  const tills = new Map<string, ApiClient>();
  teardown.add('close the HTTP connections', async () => [api, ...tills.values()].forEach((client) => client.close()));
  // Lazy: one connection until the SQL ceiling first runs.
  const pool = new pg.Pool({ connectionString: platform.databaseUrl, max: options.concurrency });
  teardown.add('close the database pool', () => pool.end());

  log(`stocking ${options.skusPerDepartment} products per department…`);
  const baskets = basketsFor(await stockTheStore(api, options.skusPerDepartment), options.concurrency);
  // Each terminal sells as a till does: through a cashier signed in at it.
  for (const { terminalId, departmentCode } of baskets) {
    if (tills.has(terminalId)) continue;
    const cashier = testAccessToken({ roles: ['operator'], username: `bench-${terminalId}`, terminalId, departmentCode });
    tills.set(terminalId, new ApiClient(platform.apiUrl, cashier));
  }
  const tillOf = (loop: number) => tills.get(baskets[loop]!.terminalId)!;
  // One checkout per basket first: the platform's own prices and totals are what the SQL ceiling writes.
  const templates: CeilingTemplate[] = [];
  for (const [loop, basket] of baskets.entries()) templates.push({ basket, priced: (await httpCheckout(tillOf(loop), basket)).created });

  const requests = { createMs: [] as number[], completeMs: [] as number[] };
  const platformSide: Side = {
    name: 'platform',
    checkout: async (loop) => {
      const timed = await httpCheckout(tillOf(loop), baskets[loop]!);
      requests.createMs.push(timed.createMs);
      requests.completeMs.push(timed.completeMs);
    },
    processes: async () => [...(await platform.processes()), ...(await postgresBackends(pool)), ...(await localBrokerServers())],
  };
  // The ceiling runs while the platform's processes are frozen, as the platform runs without the ceiling.
  const ceilingSide: Side = { name: 'sql ceiling', checkout: (loop) => sqlCheckout(pool, templates[loop]!), processes: () => postgresBackends(pool) };
  const slices = { platform: [] as Slice[], ceiling: [] as Slice[] };
  try {
    await warmUp(platformSide, options);
    requests.createMs = [];
    requests.completeMs = [];
    for (let round = 1; round <= options.rounds; round++) {
      log(`round ${round} of ${options.rounds}: ${options.concurrency} concurrent checkouts for ${sliceMs(options) / 1000} s on each side…`);
      const platformSlice = await measureSlice(platformSide, options, pool);
      await platform.pause();
      if (round === 1) await warmUp(ceilingSide, options);
      const ceilingSlice = await measureSlice(ceilingSide, options, pool);
      await platform.resume();
      const perSecond = (slice: Slice) => throughputPerSecond(slice.result).toFixed(1);
      log(`round ${round}: platform ${perSecond(platformSlice)}/s, sql ceiling ${perSecond(ceilingSlice)}/s`);
      slices.platform.push(platformSlice);
      slices.ceiling.push(ceilingSlice);
    }
  } catch (error) {
    log(`the platform's recent output:\n${platform.output().slice(-6_000)}`);
    throw error;
  }
  const platformRun = summarizeSlices(platformSide, slices.platform);
  if (platformRun.result.failureCount > 0) log(`the platform's recent output:\n${platform.output().slice(-6_000)}`);
  const ceilingRun = summarizeSlices(ceilingSide, slices.ceiling);

  log("where the platform's time goes:");
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const sagas = await readSagaTimings(pool, platformRun.windows);
  for (const line of describeSagaTimings(sagas, { createMs: mean(requests.createMs), completeMs: mean(requests.completeMs) })) log(line);
  log('what each side wrote:');
  const censuses = [await takeCensus(pool, platformRun.windows), await takeCensus(pool, ceilingRun.windows)] as const;
  for (const line of describeCensus(...censuses)) log(line);
  const mismatches = await stockLedgerMismatches(pool);
  log(mismatches.length === 0 ? 'stock levels match their movement ledger' : `stock levels differ from their movements for ${mismatches.join(', ')}`);
  const unmatched = onlyOneSideWrites(...censuses);
  if (unmatched.length > 0) throw new Error(`the SQL ceiling and the platform do not write the same tables: ${unmatched.join(', ')}`);
  return { platform: platformRun.result, ceiling: ceilingRun.result };
}

/** One side of the comparison: how it checks out, and the processes whose CPU it uses. */
interface Side {
  readonly name: string;
  readonly checkout: (loop: number) => Promise<void>;
  readonly processes: () => Promise<LabelledProcess[]>;
}

/** One measured stretch of a side: what it did, the CPU its processes used, its database transactions. */
interface Slice {
  readonly result: LoadResult;
  readonly cpu: { readonly before: CpuSample; readonly after: CpuSample };
  readonly commits: number;
  readonly window: Window;
}

const sliceMs = (options: Options) => options.durationMs / options.rounds;

async function warmUp(side: Side, options: Options): Promise<void> {
  log(`${side.name}: warming up for ${options.warmupMs / 1000} s…`);
  report(side.name, 'warm-up', await driveLoad(loadOptions(options, options.warmupMs), side.checkout));
}

async function measureSlice(side: Side, options: Options, pool: pg.Pool): Promise<Slice> {
  // The dead rows the other side left are cleaned up now, not by autovacuum while this side is measured.
  await pool.query('VACUUM (ANALYZE)');
  const before = await sampleCpu(await side.processes());
  const commitsBefore = await databaseTransactions(pool);
  const from = new Date();
  const result = await driveLoad(loadOptions(options, sliceMs(options)), side.checkout);
  const to = new Date();
  const commits = (await databaseTransactions(pool)) - commitsBefore;
  const after = await sampleCpu(await side.processes());
  report(side.name, 'run', result);
  return { result, cpu: { before, after }, commits, window: windowOf(from, to) };
}

/** A side's slices as one run: its figures, and where its CPU went, on stderr. */
function summarizeSlices(side: Side, slices: readonly Slice[]): { result: LoadResult; windows: Window[] } {
  const result = combine(slices.map((slice) => slice.result));
  if (result.completed === 0) throw new Error(`${side.name}: no checkout completed`);
  const { p50Ms, p99Ms } = summarize(result.latenciesMs);
  log(`${side.name}: ${result.completed} checkouts, ${throughputPerSecond(result).toFixed(1)}/s, p50 ${p50Ms.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms`);
  // Autocommitted statements count one each: this is about the round trips that commit.
  const commits = slices.reduce((sum, slice) => sum + slice.commits, 0);
  log(`${side.name}: ≈${(commits / result.completed).toFixed(1)} database transactions per checkout`);
  log(`${side.name}: CPU used while measuring:`);
  for (const line of describeCpu(slices.map((slice) => slice.cpu), result.elapsedMs, result.completed)) log(line);
  return { result, windows: slices.map((slice) => slice.window) };
}

const loadOptions = (options: Options, durationMs: number): LoadOptions => ({
  concurrency: options.concurrency,
  durationMs,
  maxFailures: MAX_FAILURES,
});

/** Committed and rolled-back transactions of this database so far (PostgreSQL's statistics lag by up to a second). */
async function databaseTransactions(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ count: string }>(
    'SELECT xact_commit + xact_rollback AS count FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0]!.count);
}

/** This database's PostgreSQL backends (approximate: a backend that closes between two samples loses its share). */
async function postgresBackends(pool: pg.Pool): Promise<LabelledProcess[]> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return rows.map(({ pid }) => ({ pid, label: 'postgres backends' }));
}

function report(name: string, phase: string, result: LoadResult): void {
  if (result.failureCount === 0) return;
  log(`${name} ${phase}: ${result.failureCount} failed checkouts:`);
  for (const [message, count] of result.failures) log(`  ${count} × ${message}`);
  if (result.failureCount >= MAX_FAILURES) throw new Error(`${name} ${phase}: gave up after ${result.failureCount} failed checkouts`);
}

function resultLine({ platform, ceiling }: Outcome): string {
  const checkoutPerS = throughputPerSecond(platform);
  const ceilingPerS = throughputPerSecond(ceiling);
  const { p50Ms, p99Ms } = summarize(platform.latenciesMs);
  return [
    `checkout_per_s=${checkoutPerS.toFixed(1)}`,
    `sql_ceiling_per_s=${ceilingPerS.toFixed(1)}`,
    `ratio=${(checkoutPerS / ceilingPerS).toFixed(3)}`,
    `p50_ms=${p50Ms.toFixed(1)}`,
    `p99_ms=${p99Ms.toFixed(1)}`,
  ].join(' ');
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        duration: { type: 'string', default: '20' },
        rounds: { type: 'string', default: '4' },
        concurrency: { type: 'string', default: '32' },
        warmup: { type: 'string', default: '3' },
        skus: { type: 'string', default: '20' },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  const duration = Number(values.duration);
  const rounds = Number(values.rounds);
  const warmup = Number(values.warmup);
  const concurrency = Number(values.concurrency);
  const skus = Number(values.skus);
  if (!(duration > 0 && duration <= 3_600)) usageError(`--duration must be 0-3600 seconds, not ${values.duration}`);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 20) usageError(`--rounds must be a whole number 1-20, not ${values.rounds}`);
  if (!(warmup >= 0 && warmup <= 600)) usageError(`--warmup must be 0-600 seconds, not ${values.warmup}`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    usageError(`--concurrency must be a whole number 1-${MAX_CONCURRENCY}, not ${values.concurrency}`);
  }
  if (!Number.isInteger(skus) || skus < LINES_PER_CHECKOUT) usageError(`--skus must be a whole number from ${LINES_PER_CHECKOUT}, not ${values.skus}`);
  return { durationMs: duration * 1000, rounds, warmupMs: warmup * 1000, concurrency, skusPerDepartment: skus };
}

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(64);
}

/** Ctrl-C cleans up (a second one exits at once); the platform's processes get Ctrl-C from the terminal too. */
function stopOnInterrupt(teardown: Teardown): void {
  let interrupted = false;
  const handler = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: stopping the platform and dropping the database…`);
    void teardown.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
