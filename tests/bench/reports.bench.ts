/**
 * `npm run bench:reports [-- --transactions 1000000 --terminals 500 --summaries 200]`
 *
 * Transactions, inventory, departments, terminals and reports on one node in this process, on a fresh
 * PostgreSQL database, reports' gRPC server on a free port. Seeds one business day (yesterday, UTC)
 * with set-based SQL in every source the nightly reconciliation reads and in the report projections
 * (every tenth sale by card, with its approved pay command), then measures over gRPC:
 * - RunReconciliation of the day (rerun), wall time;
 * - TerminalDailySummaries of the day for every terminal, uncached: each request asks a range starting
 *   one more day earlier, which covers the same rows (only the day has sales) but is another cache key,
 *   so every one runs the queries (the cache keeps answers at least 30 s and has no bypass);
 * - the same, cached: one request repeated.
 * No terminal is connected: each one with card sales is `warn`, reason `terminal_unreachable`, and its
 * approved pay commands are still compared with the ledger. Prints one line to stdout, progress to
 * stderr; exits 1 when the reconciliation is not clean apart from that.
 */
import { parseArgs } from 'node:util';
import { reportsV1 } from '@tillwire/contracts/grpc';
import { grpcClientOnNode } from '@tillwire/platform';
import { startTestNode, testCaller } from '../../libs/platform/src/testing/index';
import { percentile } from './percentiles';
import { seedDay } from './reports-seed';
import { Teardown } from './teardown';
import { collected } from './terminals-memory';

const USAGE = `Usage: npm run bench:reports -- [options]
  --transactions <n>  completed sales seeded for the day, 1-5000000 (default 1000000)
  --terminals <n>     terminals the sales are spread over, 1-5000 (default 500)
  --summaries <n>     measured summary requests, cached and uncached each, 1-10000 (default 200)`;
const TARGETS = { reconcileS: 60, summaryP95MsCached: 20, summaryP95MsUncached: 300 };
const CARD_EVERY = 10;
/** Uncached requests are each a full read of the day; fewer of them than cached ones. */
const UNCACHED_SHARE = 0.25;
const DEADLINE_MS = 600_000;
/** Cached requests before the measured ones, so the JIT has compiled the encoding of the answer (100 kB for 500 terminals). */
const CACHED_WARM_UP = 20;
const { ReconciliationStatus: Status } = reportsV1;

interface Options {
  readonly transactions: number;
  readonly terminals: number;
  readonly summaries: number;
}

interface Figures {
  readonly seedS: number;
  readonly reconcileS: number;
  readonly uncachedMs: number[];
  readonly cachedMs: number[];
  readonly problems: string[];
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const since = (start: number) => performance.now() - start;

async function main(): Promise<void> {
  const options = parseOptions();
  const teardown = new Teardown(log);
  stopOnInterrupt(teardown);
  let figures: Figures;
  try {
    figures = await benchmark(options, teardown);
  } finally {
    log('stopping the node and dropping the database…');
    await teardown.run();
  }
  const line = resultLine(figures);
  if (figures.problems.length === 0) {
    process.stdout.write(`${line}\n`);
    return;
  }
  for (const problem of figures.problems) log(`failed: ${problem}`);
  log(`figures of the failed run: ${line}`);
  process.exitCode = 1;
}

async function benchmark(options: Options, teardown: Teardown): Promise<Figures> {
  log('starting transactions, inventory, departments, terminals and reports on a fresh database…');
  const node = await startTestNode(['transactions', 'inventory', 'departments', 'terminals', 'reports'], {
    STORE_TIME_ZONE: 'UTC',
    RECONCILIATION_TIME: 'off',
  });
  teardown.add('stop the node and drop its database', () => node.stop());
  const client = grpcClientOnNode(node.broker, reportsV1.ReportsServiceClient, { url: '127.0.0.1:1', deadlineMs: DEADLINE_MS, caller: testCaller() });
  teardown.add('close the gRPC client', async () => client.close());

  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  log(`seeding ${options.transactions} sales on ${options.terminals} terminals for ${day}…`);
  let start = performance.now();
  await seedDay(node, { day, ...options, cardEvery: CARD_EVERY }, log);
  const seedS = since(start) / 1000;
  log(`seeded in ${seedS.toFixed(1)} s`);

  log('reconciling the day…');
  const before = await collected();
  const rssBefore = before.rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 50);
  start = performance.now();
  const reconciliation = await client.call('runReconciliation', { businessDate: day, rerun: true }, { deadlineMs: DEADLINE_MS }).finally(() => clearInterval(sampler));
  const reconcileS = since(start) / 1000;
  log(`reconciled in ${reconcileS.toFixed(1)} s; RSS ${mib(rssBefore)} MiB before, ${mib(rssPeak)} MiB at the peak (the node and the gRPC client share this process)`);
  const problems = reconciliationProblems(reconciliation.reconciliation!, options);
  // The run's garbage is the nightly job's, not the dashboards': collected before the summaries are timed.
  const after = await collected();
  log(`after a full collection: RSS ${mib(after.rss)} MiB, V8 heap ${mib(after.heapUsed)} MiB (before the run: ${mib(before.heapUsed)} MiB)`);

  const summaries = (fromDaysEarlier: number) =>
    client.call('terminalDailySummaries', { dates: { fromDate: daysBefore(day, fromDaysEarlier), toDate: day }, terminalIds: [] });
  const expected = Math.min(options.terminals, options.transactions);
  const timedSummaries = async (count: number, fromDaysEarlier: (k: number) => number) => {
    const ms: number[] = [];
    for (let k = 0; k < count; k++) {
      const begin = performance.now();
      const { summaries: got } = await summaries(fromDaysEarlier(k));
      ms.push(since(begin));
      if (got.length !== expected) problems.push(`a summary request answered ${got.length} terminals, not ${expected}`);
    }
    return ms;
  };
  const uncachedCount = Math.max(1, Math.round(options.summaries * UNCACHED_SHARE));
  log(`${uncachedCount} uncached summary requests (each its own range), after one unmeasured…`);
  await timedSummaries(1, () => uncachedCount + 1);
  const uncachedMs = await timedSummaries(uncachedCount, (k) => k);
  log(`${options.summaries} cached summary requests, after ${CACHED_WARM_UP} unmeasured…`);
  await timedSummaries(CACHED_WARM_UP, () => 0);
  const cachedMs = await timedSummaries(options.summaries, () => 0);
  return { seedS, reconcileS, uncachedMs, cachedMs, problems: [...new Set(problems)] };
}

/** Clean but for the terminals, which are not connected: every other line ok, no mismatch. */
function reconciliationProblems(r: reportsV1.Reconciliation, options: Options): string[] {
  const problems: string[] = [];
  if (r.mismatches.length > 0) problems.push(`the reconciliation found ${r.mismatches.length} mismatches, e.g. ${JSON.stringify(r.mismatches[0])}`);
  const off = r.terminals.filter((t) => t.variance?.varianceMinor !== 0 || (t.variance.status !== Status.RECONCILIATION_STATUS_OK && t.variance.reason !== 'terminal_unreachable'));
  if (off.length > 0) problems.push(`terminal lines off: ${off.map((t) => t.terminalId).join(', ')}`);
  if (r.terminals.length !== Math.min(options.terminals, options.transactions)) problems.push(`${r.terminals.length} terminal lines, not ${options.terminals}`);
  const badDepartments = r.departments.filter((d) => d.variance?.status !== Status.RECONCILIATION_STATUS_OK);
  if (badDepartments.length > 0) problems.push(`department lines not ok: ${badDepartments.map((d) => d.departmentCode).join(', ')}`);
  return problems;
}

function resultLine({ reconcileS, uncachedMs, cachedMs }: Figures): string {
  const p95 = (ms: number[]) => percentile([...ms].sort((a, b) => a - b), 95);
  const [cached, uncached] = [p95(cachedMs), p95(uncachedMs)];
  const spread = (ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
  };
  log(`summaries: cached ${spread(cachedMs)}; uncached ${spread(uncachedMs)}`);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  log(
    `targets: reconciliation ≤ ${TARGETS.reconcileS} s ${met(reconcileS <= TARGETS.reconcileS)}, ` +
      `summaries p95 ≤ ${TARGETS.summaryP95MsCached} ms cached ${met(cached <= TARGETS.summaryP95MsCached)}, ` +
      `≤ ${TARGETS.summaryP95MsUncached} ms uncached ${met(uncached <= TARGETS.summaryP95MsUncached)}`,
  );
  return `reconcile_1m_s=${reconcileS.toFixed(1)} summary_p95_ms_cached=${cached.toFixed(1)} summary_p95_ms_uncached=${uncached.toFixed(1)}`;
}

const daysBefore = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const mib = (bytes: number) => (bytes / 1_048_576).toFixed(0);

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        transactions: { type: 'string', default: '1000000' },
        terminals: { type: 'string', default: '500' },
        summaries: { type: 'string', default: '200' },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  const wholeIn = (name: keyof typeof values, max: number): number => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1 || value > max) usageError(`--${name} must be a whole number 1-${max}, not ${values[name]}`);
    return value;
  };
  return { transactions: wholeIn('transactions', 5_000_000), terminals: wholeIn('terminals', 5_000), summaries: wholeIn('summaries', 10_000) };
}

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(64);
}

/** Ctrl-C cleans up (a second one exits at once). */
function stopOnInterrupt(teardown: Teardown): void {
  let interrupted = false;
  const handler = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal}: stopping the node and dropping the database…`);
    void teardown.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
