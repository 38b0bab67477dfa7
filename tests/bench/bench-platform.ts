import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { dropPostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import { databaseUrl, testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';
import { waitUntilHealthy } from '../platform/platform-health';
import { CLI, freePort, runTs, stop, type RunningProcess } from '../support/processes';
import type { LabelledProcess } from './cpu-usage';

// One process per service on two cores: migrating, seeding and starting them takes a while.
const START_TIMEOUT_MS = 180_000;
const STOP_GRACE_MS = 20_000;

/** `npm run start:distributed --api-only` on a database and Moleculer namespace of its own. */
export class BenchPlatform {
  readonly databaseUrl = databaseUrl(uniqueName('tw_bench'));
  /** Its own namespace, so other platforms on the shared NATS and Redis stay out of the run. */
  readonly namespace = new URL(this.databaseUrl).pathname.slice(1).replaceAll('_', '-');
  private running: RunningProcess | undefined;
  private port = 0;

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the supervisor (which creates, migrates and seeds the database) and waits until every service is up. */
  async start(): Promise<void> {
    this.port = await freePort();
    this.running = runTs(CLI, ['start', '--api-only'], {
      TILLWIRE_MODE: 'distributed',
      TILLWIRE_NAMESPACE: this.namespace,
      DATABASE_URL: this.databaseUrl,
      NATS_URL: testEnvironment.natsUrl,
      REDIS_URL: testEnvironment.redisUrl,
      API_HOST: '127.0.0.1',
      API_PORT: String(this.port),
    });
    await waitUntilHealthy(this.running, this.port, START_TIMEOUT_MS);
  }

  /** The supervisor and its service processes, each labelled with what it runs. */
  async processes(): Promise<LabelledProcess[]> {
    const root = this.running?.child.pid;
    if (!root) return [];
    const nodes = (await descendants(root)).map(({ pid, command }) => {
      const service = /--services (\S+)/.exec(command)?.[1];
      // Besides the service nodes: tsx's esbuild helper.
      return { pid, label: service ? `service ${service}` : path.basename(command.split(' ')[0]!) };
    });
    return [{ pid: root, label: 'supervisor' }, ...nodes];
  }

  /** Everything the platform's processes wrote so far, for a failure report. */
  output(): string {
    return this.running?.output() ?? '';
  }

  /**
   * Ctrl-C to the supervisor, which stops its service processes; any of them still alive after a
   * grace period (the supervisor exited early on a second Ctrl-C, say) is killed by pid. Safe to call
   * more than once.
   */
  async stopProcesses(): Promise<void> {
    const running = this.running;
    if (!running?.child.pid) return;
    const nodes = await descendants(running.child.pid);
    await stop(running, STOP_GRACE_MS);
    const deadline = Date.now() + STOP_GRACE_MS;
    for (const node of nodes) {
      while ((await isRunning(node)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
      if (await isRunning(node)) process.kill(node.pid, 'SIGKILL');
    }
  }

  dropDatabase(): Promise<void> {
    return dropPostgresDatabase(this.databaseUrl);
  }
}

interface ProcessInfo {
  pid: number;
  command: string;
}

/** Every process below `root`, with its command line, from one `ps` snapshot. */
async function descendants(root: number): Promise<ProcessInfo[]> {
  const { stdout } = await promisify(execFile)('ps', ['-e', '-ww', '-o', 'pid=,ppid=,args=']);
  const table = stdout
    .trim()
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match !== null)
    .map(([, pid, ppid, command]) => ({ pid: Number(pid), ppid: Number(ppid), command: command! }));
  const below = new Set([root]);
  const found: ProcessInfo[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (below.has(p.ppid) && !below.has(p.pid)) {
        below.add(p.pid);
        found.push({ pid: p.pid, command: p.command });
        grew = true;
      }
    }
  }
  return found;
}

/** Alive and still the same program: a zombie has no command line, a reused pid another one. */
async function isRunning({ pid, command }: ProcessInfo): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline !== '' && cmdline.replaceAll('\0', ' ').trim() === command.trim();
}
