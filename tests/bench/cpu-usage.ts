import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export interface LabelledProcess {
  readonly label: string;
  readonly pid: number;
}

/** CPU seconds (user + system) used so far: per label, by this process, and by the whole machine. */
export interface CpuSample {
  readonly byLabel: ReadonlyMap<string, number>;
  readonly machine: number;
}

const BENCH_CLIENT = 'bench client (this process)';
let ticksPerSecond: number | undefined;

/** Processes that are gone count 0. */
export async function sampleCpu(processes: readonly LabelledProcess[]): Promise<CpuSample> {
  ticksPerSecond ??= Number((await promisify(execFile)('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
  const byLabel = new Map<string, number>();
  for (const { label, pid } of processes) {
    byLabel.set(label, (byLabel.get(label) ?? 0) + (await processTicks(pid)) / ticksPerSecond);
  }
  const own = process.cpuUsage();
  byLabel.set(BENCH_CLIENT, (own.user + own.system) / 1e6);
  return { byLabel, machine: (await machineBusyTicks()) / ticksPerSecond };
}

/**
 * Per label, busiest first, the CPU used within the spans (pairs of samples) that together last
 * `wallMs` (in all, as a share of one core, and per checkout), then what the rest of the machine used
 * meanwhile: other work on a shared box slows every figure down.
 */
export function describeCpu(spans: ReadonlyArray<{ before: CpuSample; after: CpuSample }>, wallMs: number, checkouts: number): string[] {
  const used = new Map<string, number>();
  for (const { before, after } of spans) {
    for (const [label, seconds] of after.byLabel) used.set(label, (used.get(label) ?? 0) + seconds - (before.byLabel.get(label) ?? 0));
  }
  const rows = [...used].map(([label, seconds]) => ({ label, seconds })).sort((a, b) => b.seconds - a.seconds);
  const ours = rows.reduce((sum, row) => sum + row.seconds, 0);
  const machine = spans.reduce((sum, { before, after }) => sum + after.machine - before.machine, 0);
  const line = (label: string, seconds: number, perCheckout = true) =>
    `  ${label.padEnd(30)}${seconds.toFixed(1).padStart(7)} s${((seconds * 100_000) / wallMs).toFixed(0).padStart(8)} %` +
    (perCheckout ? `${((seconds * 1000) / checkouts).toFixed(1).padStart(10)} ms` : '');
  return [
    `  ${'CPU'.padEnd(30)}${'total'.padStart(9)}${'of a core'.padStart(10)}${'per checkout'.padStart(13)}`,
    ...rows.map((row) => line(row.label, row.seconds)),
    line('all of the above', ours),
    line('everything else on the machine', Math.max(0, machine - ours), false),
  ];
}

/**
 * The NATS and Redis servers when they run on this machine, as they do for the bench by default:
 * the platform's broker and cache work is theirs as much as the services'.
 */
export async function localBrokerServers(): Promise<LabelledProcess[]> {
  const labels = new Map([
    ['nats-server', 'NATS server'],
    ['redis-server', 'Redis server'],
  ]);
  const found: LabelledProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const label = labels.get((await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => '')).trim());
    if (label) found.push({ pid: Number(entry), label });
  }
  return found;
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, counted after the parenthesised command name). */
async function processTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  if (!stat) return 0;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Every CPU's busy time from /proc/stat: all but idle and iowait. */
async function machineBusyTicks(): Promise<number> {
  const [cpu] = (await readFile('/proc/stat', 'utf8')).split('\n');
  const [, ...ticks] = cpu!.trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return user + nice + system + irq + softirq + steal;
}
