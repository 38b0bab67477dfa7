import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { afterAll, expect, it } from 'vitest';
import { dropPostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import { CLI, descendants, freePort, freePorts, isRunning, runTs, stop, type RunningProcess } from '../support/processes';
import { databaseUrl, TEST_JWT_SECRET, testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';
import { ALL_SERVICES, seconds, waitUntilHealthy } from './platform-health';

// Eight Node processes on two cores, maybe beside other test files: starting takes a while.
const START_TIMEOUT_MS = 120_000;

const name = uniqueName('tillwire_dist');
const DATABASE_URL = databaseUrl(name);
// Its own Moleculer namespace, so other platforms on the shared NATS stay out of /health.
const TILLWIRE_NAMESPACE = name.replaceAll('_', '-');

let running: RunningProcess | undefined;

afterAll(async () => {
  if (running) await stop(running);
  // Whatever still carries this run's environment was started by this test: make sure it goes.
  for (const pid of await processesWithEnvironment(`TILLWIRE_NAMESPACE=${TILLWIRE_NAMESPACE}`)) {
    process.kill(pid, 'SIGKILL');
  }
  await dropPostgresDatabase(DATABASE_URL);
});

it('runs one node process per service and stops them all on Ctrl-C', { timeout: 200_000 }, async () => {
  const port = await freePort();
  const firstHealthPort = await freePorts(ALL_SERVICES.length);
  const startedAt = performance.now();
  running = runTs(CLI, ['start', '--api-only'], {
    TILLWIRE_MODE: 'distributed',
    JWT_SECRET: TEST_JWT_SECRET,
    TILLWIRE_NAMESPACE,
    DATABASE_URL,
    NATS_URL: testEnvironment.natsUrl,
    REDIS_URL: testEnvironment.redisUrl,
    API_PORT: String(port),
    NODE_HEALTH_PORT: String(firstHealthPort),
  });

  const health = await waitUntilHealthy(running, port, START_TIMEOUT_MS);
  console.info(`distributed start: healthy after ${seconds(startedAt)}`);
  expect(running.output()).toMatch(/Created database/);
  expect(running.output()).toMatch(/Seeded demo store/);
  expect(health.services).toEqual(ALL_SERVICES);
  expect(health.nodes).toHaveLength(ALL_SERVICES.length);
  for (const node of health.nodes) {
    expect(node.services).toHaveLength(1);
    expect(node.id).toBe(`${os.hostname()}-${node.services[0]}`);
  }

  const nodeProcesses = (await descendants(running.child.pid!)).filter((p) => / node --services /.test(p.command));
  expect(nodeProcesses.map((p) => /--services (\S+)/.exec(p.command)?.[1]).sort()).toEqual(ALL_SERVICES);

  // Every service process answers its probes and metrics on NODE_HEALTH_PORT or a port after it.
  expect(running.output()).toContain(`http://127.0.0.1:${firstHealthPort}-${firstHealthPort + ALL_SERVICES.length - 1} (/livez, /readyz, /metrics)`);
  for (const healthPort of ALL_SERVICES.map((_, index) => firstHealthPort + index)) {
    const metrics = await fetch(`http://127.0.0.1:${healthPort}/metrics`);
    expect(metrics.status, `metrics on ${healthPort}`).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await fetch(`http://127.0.0.1:${healthPort}/readyz`)).status, `readiness on ${healthPort}`).toBe(200);
  }

  expect(await stop(running)).toBe(0);
  const survivors = [];
  for (const p of nodeProcesses) if (await isRunning(p)) survivors.push(p);
  expect(survivors).toEqual([]);
  expect(await processesWithEnvironment(`TILLWIRE_NAMESPACE=${TILLWIRE_NAMESPACE}`)).toEqual([]);
});

/** Pids of this user's processes whose environment holds `entry` (`NAME=value`). */
async function processesWithEnvironment(entry: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((dir) => /^\d+$/.test(dir)).map(Number);
  const matching: number[] = [];
  for (const pid of pids) {
    const environment = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
    if (environment.split('\0').includes(entry)) matching.push(pid);
  }
  return matching;
}
