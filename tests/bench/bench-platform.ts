import path from 'node:path';
import { dropPostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import { databaseUrl, TEST_JWT_SECRET, testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';
import { waitUntilHealthy } from '../platform/platform-health';
import { CLI, descendants, freePort, isRunning, runTs, stop, type RunningProcess } from '../support/processes';
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
      JWT_SECRET: TEST_JWT_SECRET,
      // The load comes from one user and one address: the limits are for the bench to measure, not to hit.
      RATE_LIMIT_USER_WRITES_PER_MINUTE: '1000000',
      RATE_LIMIT_IP_WRITES_PER_MINUTE: '1000000',
      TILLWIRE_NAMESPACE: this.namespace,
      DATABASE_URL: this.databaseUrl,
      // Sized for PostgreSQL on the same two cores: seven nodes of ten connections each would mostly
      // add server processes competing for them.
      DATABASE_POOL_SIZE: '4',
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

  /** Freezes (SIGSTOP) or thaws (SIGCONT) the supervisor and every service process, so the SQL ceiling runs alone. */
  async pause(): Promise<void> {
    await this.signalAll('SIGSTOP');
  }

  async resume(): Promise<void> {
    await this.signalAll('SIGCONT');
  }

  private async signalAll(signal: NodeJS.Signals): Promise<void> {
    for (const { pid } of await this.processes()) {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone already: nothing to freeze or thaw.
      }
    }
  }

  /**
   * Ctrl-C to the supervisor, which stops its service processes; any of them still alive after a
   * grace period (the supervisor exited early on a second Ctrl-C, say) is killed by pid. Safe to call
   * more than once.
   */
  async stopProcesses(): Promise<void> {
    const running = this.running;
    if (!running?.child.pid) return;
    await this.resume();
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



