/**
 * `npm run bench:checkout [-- --duration 20 --concurrency 32 --warmup 3]`
 *
 * Full checkouts (3 lines, create + complete, cash) through the distributed platform's public API,
 * then the same rows written straight to PostgreSQL (the SQL ceiling), at the same concurrency for
 * the same time, on one fresh database. Prints one line to stdout; progress and the per-step saga
 * timings go to stderr.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ApiClient } from './api-client';
import { BenchPlatform } from './bench-platform';
import { httpCheckout } from './http-checkout';
import { driveLoad, throughputPerSecond, type LoadOptions, type LoadResult } from './load-driver';
import { summarize } from './percentiles';
import { describeSagaTimings, readSagaTimings } from './saga-breakdown';
import { sqlCheckout, type CeilingTemplate } from './sql-ceiling';
import { stockTheStore } from './store-setup';
import { Teardown } from './teardown';

const USAGE = 'Usage: npm run bench:checkout -- [--duration <seconds, default 20>] [--concurrency <1-80, default 32>] [--warmup <seconds, default 3>]';
/** A run stops, and the benchmark fails, after this many failed checkouts. */
const MAX_FAILURES = 100;
// The platform's seven services hold up to 70 PostgreSQL connections; the SQL ceiling's pool one per loop.
const MAX_CONCURRENCY = 80;

interface Options {
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly concurrency: number;
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
  const api = new ApiClient(platform.apiUrl);
  teardown.add('close the HTTP connections', async () => api.close());

  log('stocking the store…');
  const baskets = await stockTheStore(api);
  const basketOf = (loop: number) => baskets[loop % baskets.length]!;
  // One checkout per terminal first: the platform's own prices and totals are what the SQL ceiling writes.
  const templates: CeilingTemplate[] = [];
  for (const basket of baskets) templates.push({ basket, priced: (await httpCheckout(api, basket)).created });

  const requests = { createMs: [] as number[], completeMs: [] as number[] };
  const platformRun = await measure('platform', options, async (loop) => {
    const timed = await httpCheckout(api, basketOf(loop));
    requests.createMs.push(timed.createMs);
    requests.completeMs.push(timed.completeMs);
  });

  const pool = new pg.Pool({ connectionString: platform.databaseUrl, max: options.concurrency });
  teardown.add('close the database pool', () => pool.end());
  const sagas = await readSagaTimings(pool, platformRun.from, platformRun.to);
  log('where the platform\'s time goes:');
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  for (const line of describeSagaTimings(sagas, { createMs: mean(requests.createMs), completeMs: mean(requests.completeMs) })) log(line);

  // The ceiling gets the machine to itself, as the platform had it.
  await platform.stopProcesses();
  const ceilingRun = await measure('sql ceiling', options, (loop) => sqlCheckout(pool, templates[loop % templates.length]!));
  return { platform: platformRun.result, ceiling: ceilingRun.result };
}

/** A warm-up, then the measured run; fails the benchmark if either gave up on failures. */
async function measure(
  name: string,
  options: Options,
  checkout: (loop: number) => Promise<void>,
): Promise<{ result: LoadResult; from: Date; to: Date }> {
  const load = (durationMs: number): LoadOptions => ({ concurrency: options.concurrency, durationMs, maxFailures: MAX_FAILURES });
  log(`${name}: warming up for ${options.warmupMs / 1000} s…`);
  report(name, 'warm-up', await driveLoad(load(options.warmupMs), checkout));
  log(`${name}: measuring ${options.concurrency} concurrent checkouts for ${options.durationMs / 1000} s…`);
  const from = new Date();
  const result = await driveLoad(load(options.durationMs), checkout);
  const to = new Date();
  report(name, 'run', result);
  const { p50Ms, p99Ms } = summarize(result.latenciesMs);
  log(`${name}: ${result.completed} checkouts, ${throughputPerSecond(result).toFixed(1)}/s, p50 ${p50Ms.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms`);
  return { result, from, to };
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
        concurrency: { type: 'string', default: '32' },
        warmup: { type: 'string', default: '3' },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  const duration = Number(values.duration);
  const warmup = Number(values.warmup);
  const concurrency = Number(values.concurrency);
  if (!(duration > 0 && duration <= 3_600)) usageError(`--duration must be 0-3600 seconds, not ${values.duration}`);
  if (!(warmup >= 0 && warmup <= 600)) usageError(`--warmup must be 0-600 seconds, not ${values.warmup}`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    usageError(`--concurrency must be a whole number 1-${MAX_CONCURRENCY}, not ${values.concurrency}`);
  }
  return { durationMs: duration * 1000, warmupMs: warmup * 1000, concurrency };
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
