/**
 * `npm run bench:terminals [-- --terminals 500 --rounds 3 --concurrency 50 --vendor simulator]`
 *
 * Departments, inventory and terminals on one node in this process, on a fresh PostgreSQL database;
 * `--terminals` simulated terminals in a child process connect to its mTLS listener, then take
 * `--rounds` payments each through `terminals.pay`, after one unmeasured round that warms up the JIT
 * and the database pool. The simulators approve at once, so a payment's round trip holds no think
 * time of the terminal. RSS per terminal: this process's settled RSS with every session open, less
 * the same before the first one opened. Prints one line to stdout; progress, CPU and memory go to
 * stderr. Exits 1 when a payment was not approved or a session did not stay open.
 */
import { parseArgs } from 'node:util';
import { terminals } from '@tillwire/contracts';
import type { Vendor } from '../../services/terminals/src/adapters/vendor-adapter';
import { startTestNode, type TestNode } from '../../libs/platform/src/testing/index';
import { sampleCpu, type LabelledProcess } from './cpu-usage';
import { summarize } from './percentiles';
import { TerminalFleet, type FleetStatus, type FleetTerminal } from './terminals-fleet';
import { collected, perTerminalKib, settledMemory } from './terminals-memory';
import { payOnEveryTerminal, type PaymentRun } from './terminals-payments';
import { issueCredentials, listenerOf, registerTerminals, waitForSessions } from './terminals-setup';
import { Teardown } from './teardown';

const USAGE = `Usage: npm run bench:terminals -- [options]
  --terminals <n>     simulated terminals connected at once, 1-5000 (default 500)
  --rounds <n>        measured payments each terminal takes after an unmeasured one, 1-100 (default 3)
  --concurrency <n>   handshakes, and then payments, in flight at most, 1-1000 (default 50)
  --vendor <vendor>   the terminals' protocol: simulator or nexo (default simulator)`;
/** Registrations and certificate issues in flight at once: two cores sign, PostgreSQL stores. */
const SETUP_PARALLEL = 8;
const CONNECT_TIMEOUT_MS = 300_000;
const TARGETS = { paymentP99Ms: 100, rssPerTerminalKib: 64 };

interface Options {
  readonly terminals: number;
  readonly rounds: number;
  readonly concurrency: number;
  readonly vendor: Vendor;
}

interface Outcome {
  readonly handshakeMs: number[];
  readonly payments: PaymentRun;
  readonly rssPerTerminalKib: number;
  /** What was found wrong: payments not approved, sessions that did not stay open. */
  readonly problems: string[];
}

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const options = parseOptions();
  const teardown = new Teardown(log);
  stopOnInterrupt(teardown);
  let outcome: Outcome;
  try {
    outcome = await benchmark(options, teardown);
  } finally {
    log('closing the terminals, stopping the node and dropping the database…');
    await teardown.run();
  }
  const line = resultLine(options, outcome);
  if (outcome.problems.length === 0) {
    process.stdout.write(`${line}\n`);
    return;
  }
  for (const problem of outcome.problems) log(`failed: ${problem}`);
  log(`figures of the failed run: ${line}`);
  process.exitCode = 1;
}

async function benchmark(options: Options, teardown: Teardown): Promise<Outcome> {
  const { terminals: count, rounds, vendor } = options;
  log('starting departments, inventory and terminals on a fresh database…');
  const node = await startTestNode(['departments', 'inventory', 'terminals']);
  teardown.add('stop the node and drop its database', () => node.stop());

  let since = performance.now();
  const ids = await registerTerminals(node, count, vendor, SETUP_PARALLEL);
  log(`registered ${count} terminals in ${seconds(since)}`);
  since = performance.now();
  const credentials = await issueCredentials(node.broker, ids, SETUP_PARALLEL);
  log(`issued ${count} certificates in ${seconds(since)} (${((performance.now() - since) / count).toFixed(1)} ms each, ${SETUP_PARALLEL} at a time)`);

  const fleet = TerminalFleet.start((connected) => log(`connected ${connected}/${count}`));
  teardown.add('close the simulated terminals', () => fleet.stop());
  const { handshakeMs, rssPerTerminalKib } = await connectEveryTerminal(node, fleet, credentials, options);
  const { warmUp, payments } = await takePayments(node, fleet, ids, options);

  const listener = await node.broker.call<terminals.ListenerStats, object>(terminals.TerminalsActions.listenerStats, {});
  const problems = [
    ...paymentProblems('warm-up', warmUp, count),
    ...paymentProblems('measured', payments, count * rounds),
    ...sessionProblems(count, count * (rounds + 1), await fleet.status(), listener),
  ];
  return { handshakeMs, payments, rssPerTerminalKib, problems };
}

/** Connects the fleet; the handshake times, and the RSS the open sessions take per terminal. */
async function connectEveryTerminal(node: TestNode, fleet: TerminalFleet, credentials: FleetTerminal[], { terminals: count, concurrency, vendor }: Options) {
  log('letting the memory settle…');
  const empty = await settledMemory();
  log(`connecting ${count} ${vendor} terminals, ${concurrency} handshakes at a time…`);
  const since = performance.now();
  const cpu = await cpuFrom(node, fleet);
  const handshakeMs = await fleet.connect({ ...(await listenerOf(node.broker)), vendor, terminals: credentials, concurrency }, CONNECT_TIMEOUT_MS);
  await waitForSessions(node, count, 60_000);
  log(`all ${count} sessions open and recorded after ${seconds(since)}; CPU per connection:`);
  for (const row of await cpu.describe(performance.now() - since, count)) log(row);
  log('letting the memory settle…');
  const connected = await settledMemory();
  const kib = perTerminalKib(empty, connected, count);
  log(`memory per terminal, sessions open: RSS ${kib.rss.toFixed(1)} KiB (V8 heap ${kib.heapUsed.toFixed(1)}, external ${kib.external.toFixed(1)})`);
  return { handshakeMs, rssPerTerminalKib: kib.rss };
}

/** An unmeasured round, then `rounds` measured ones. */
async function takePayments(node: TestNode, fleet: TerminalFleet, ids: readonly string[], { terminals: count, rounds, concurrency }: Options) {
  // The pool closed its idle connections while the memory settled, and new ones prepare every statement again.
  log(`warm-up: ${count} payments, ${concurrency} at a time…`);
  const warmUp = await payOnEveryTerminal(node.broker, ids, { rounds: 1, concurrency, prefix: 'W' }, () => undefined);
  const { p50Ms, p99Ms } = summarize(warmUp.latenciesMs);
  log(`warm-up: p50 ${p50Ms.toFixed(1)} ms, p99 ${p99Ms.toFixed(1)} ms`);
  log(`${rounds} round(s) of ${count} payments, ${concurrency} at a time…`);
  const heapBefore = await collected();
  const cpu = await cpuFrom(node, fleet);
  const payments = await payOnEveryTerminal(node.broker, ids, { rounds, concurrency, prefix: 'R' }, (round) => log(`round ${round} of ${rounds} done`));
  log(`${payments.latenciesMs.length} payments in ${(payments.elapsedMs / 1000).toFixed(1)} s; CPU per payment:`);
  for (const row of await cpu.describe(payments.elapsedMs, payments.latenciesMs.length)) log(row);
  const kib = perTerminalKib(heapBefore, await collected(), count);
  log(`the measured payments left ${kib.heapUsed.toFixed(1)} KiB of V8 heap per terminal (external ${kib.external.toFixed(1)})`);
  return { warmUp, payments };
}

/**
 * CPU used from now on by this process (the platform, and the callers of `terminals.pay`), the
 * fleet, and the database's backends. A backend the pool opens meanwhile counts from 0, which is what
 * it used; one that closes before the end loses its share.
 */
async function cpuFrom(node: TestNode, fleet: TerminalFleet) {
  const processes = async (): Promise<LabelledProcess[]> => {
    const backends = await node.database.db.sql.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return [
      { pid: process.pid, label: 'platform + callers (this process)' },
      { pid: fleet.pid, label: 'simulated terminals (child)' },
      ...backends.map(({ pid }) => ({ pid, label: 'postgres backends' })),
    ];
  };
  const started = await processes();
  const before = await sampleCpu(started);
  return {
    /** Per label: CPU seconds, share of one core and milliseconds per unit of work; then the rest of the machine. */
    async describe(wallMs: number, units: number): Promise<string[]> {
      const all = [...started, ...(await processes()).filter((p) => !started.some((s) => s.pid === p.pid))];
      const after = await sampleCpu(all);
      const row = (label: string, s: number) =>
        `  ${label.padEnd(36)}${s.toFixed(1).padStart(6)} s${((s * 100_000) / wallMs).toFixed(0).padStart(6)} % of a core${((s * 1000) / units).toFixed(2).padStart(8)} ms each`;
      const labels = [...new Set(all.map((p) => p.label))];
      const used = labels.map((label) => (after.byLabel.get(label) ?? 0) - (before.byLabel.get(label) ?? 0));
      const ours = used.reduce((sum, s) => sum + s, 0);
      return [...labels.map((label, i) => row(label, used[i]!)), row('everything else on the machine', Math.max(0, after.machine - before.machine - ours))];
    },
  };
}

function paymentProblems(name: string, payments: PaymentRun, expected: number): string[] {
  const approved = payments.outcomes.get('approved') ?? 0;
  if (approved === expected) return [];
  const others = [...payments.outcomes].filter(([outcome]) => outcome !== 'approved').map(([outcome, n]) => `${n} × ${outcome}`);
  return [`${name}: ${approved} of ${expected} payments approved; ${others.join(', ')}`];
}

function sessionProblems(count: number, expectedApprovals: number, fleet: FleetStatus, listener: terminals.ListenerStats): string[] {
  const problems: string[] = [];
  if (fleet.open !== count) problems.push(`${fleet.open} of ${count} simulated terminals are connected at the end`);
  if (fleet.warningCount > 0) problems.push(`the simulators warned ${fleet.warningCount} times, e.g. ${fleet.firstWarnings.join(' | ')}`);
  if (fleet.approved !== expectedApprovals) problems.push(`the terminals approved ${fleet.approved} payments, not ${expectedApprovals}`);
  if (listener.openSessions !== count) problems.push(`the listener holds ${listener.openSessions} sessions, not ${count}`);
  // More accepted than terminals: some session dropped and was opened again.
  if (listener.accepted !== count) problems.push(`the listener accepted ${listener.accepted} sessions for ${count} terminals`);
  const rejected = Object.entries(listener.rejected).filter(([, n]) => n > 0);
  if (rejected.length > 0) problems.push(`the listener refused connections: ${rejected.map(([reason, n]) => `${n} × ${reason}`).join(', ')}`);
  return problems;
}

function resultLine(options: Options, { handshakeMs, payments, rssPerTerminalKib }: Outcome): string {
  const handshake = summarize(handshakeMs);
  const payment = summarize(payments.latenciesMs);
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  log(`targets: payment round trip p99 ≤ ${TARGETS.paymentP99Ms} ms ${met(payment.p99Ms <= TARGETS.paymentP99Ms)}, RSS ≤ ${TARGETS.rssPerTerminalKib} KiB per terminal ${met(rssPerTerminalKib <= TARGETS.rssPerTerminalKib)}`);
  return [
    `terminals=${options.terminals}`,
    `handshake_p99_ms=${handshake.p99Ms.toFixed(1)}`,
    `payment_roundtrip_p99_ms=${payment.p99Ms.toFixed(1)}`,
    `rss_per_terminal_kb=${rssPerTerminalKib.toFixed(1)}`,
    `handshake_p50_ms=${handshake.p50Ms.toFixed(1)}`,
    `payment_roundtrip_p50_ms=${payment.p50Ms.toFixed(1)}`,
  ].join(' ');
}

function parseOptions(): Options {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        terminals: { type: 'string', default: '500' },
        rounds: { type: 'string', default: '3' },
        concurrency: { type: 'string', default: '50' },
        vendor: { type: 'string', default: 'simulator' },
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
  const vendor = values.vendor;
  if (vendor !== 'simulator' && vendor !== 'nexo') usageError(`--vendor must be simulator or nexo, not ${vendor}`);
  return { terminals: wholeIn('terminals', 5_000), rounds: wholeIn('rounds', 100), concurrency: wholeIn('concurrency', 1_000), vendor };
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
    log(`${signal}: closing the terminals, stopping the node and dropping the database…`);
    void teardown.run().finally(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
