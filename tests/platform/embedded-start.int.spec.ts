import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, runTs, stop, type RunningProcess } from '../support/processes';
import { ALL_SERVICES, seconds, waitUntilHealthy, type Health } from './platform-health';

const START_TIMEOUT_MS = 120_000;
const SEEDED = /Seeded demo store/;
/** The demo admin's line among the users the first start prints: username, role, password. */
const DEMO_ADMIN = /^\S*\s+admin\s+admin\s+password (\S+)$/m;
let adminPassword: string | undefined;

let dataDir: string;
const started: RunningProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillwire-embedded-'));
});

afterAll(async () => {
  await Promise.all(started.map((running) => stop(running)));
  await rm(dataDir, { recursive: true, force: true });
});

/** `npm start -- --api-only …` on the test's data directory and a free port. */
async function start(args: readonly string[] = [], env: Record<string, string> = {}) {
  const port = await freePort();
  const running = runTs(CLI, ['start', '--api-only', ...args], {
    // Whatever the test runner's environment says, these runs are embedded and unconfigured.
    TILLWIRE_MODE: undefined,
    DATABASE_URL: undefined,
    NODE_ENV: undefined,
    JWT_SECRET: undefined,
    CA_KEY_PASSPHRASE: undefined,
    TILLWIRE_DATA_DIR: dataDir,
    API_PORT: String(port),
    ...env,
  });
  started.push(running);
  return { running, port };
}

async function startHealthy(args: readonly string[] = []) {
  const startedAt = performance.now();
  const { running, port } = await start(args);
  const health = await waitUntilHealthy(running, port, START_TIMEOUT_MS);
  return { running, health, timeToHealthy: seconds(startedAt), port };
}

async function post(port: number, path: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function expectAllServicesInOneNode(health: Health): void {
  expect(health.status).toBe('ok');
  expect(health.services).toEqual(ALL_SERVICES);
  expect(health.nodes).toHaveLength(1);
  expect(health.nodes[0]?.services).toEqual(ALL_SERVICES);
}

async function residentMemory(pid: number): Promise<string> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return /^VmRSS:\s*(.+)$/m.exec(status)?.[1] ?? 'unknown';
}

describe('npm start (embedded)', () => {
  it('seeds a fresh data directory, serves every service and stops cleanly on Ctrl-C', { timeout: 180_000 }, async () => {
    const { running, health, timeToHealthy } = await startHealthy();
    expectAllServicesInOneNode(health);
    expect(running.output()).toMatch(/Applied migration/);
    expect(running.output()).toMatch(SEEDED);
    // The demo users' secrets are printed this once.
    adminPassword = DEMO_ADMIN.exec(running.output())?.[1];
    expect(adminPassword).toMatch(/^\S{12,}$/);
    console.info(`embedded first start: healthy after ${timeToHealthy}`);

    await new Promise((resolve) => setTimeout(resolve, 5_000));
    console.info(`embedded idle RSS: ${await residentMemory(running.child.pid!)}`);

    expect(await stop(running)).toBe(0);
  });

  it('keeps the data on restart, and takes card payments on the demo store\'s simulated terminals', { timeout: 180_000 }, async () => {
    const { running, health, timeToHealthy, port } = await startHealthy();
    expectAllServicesInOneNode(health);
    expect(running.output()).toMatch(/Database up to date/);
    expect(running.output()).not.toMatch(/Applied migration/);
    expect(running.output()).not.toMatch(SEEDED);
    console.info(`embedded restart: healthy after ${timeToHealthy}`);
    expect(running.output()).not.toMatch(DEMO_ADMIN);
    const signedIn = await post(port, '/auth/login', { username: 'admin', password: adminPassword });
    expect(signedIn.status).toBe(200);
    const token = (signedIn.body as { accessToken: string }).accessToken;
    // T2 speaks nexo: the whole gateway, over PGlite.
    for (const terminalId of ['T1', 'T2']) {
      const sale = await post(port, '/pos/transactions', { terminalId, lines: [{ sku: 'GRO-001', quantity: 1 }] }, token);
      expect(sale.status).toBe(201);
      const total = (sale.body as { totals: { totalMinor: number } }).totals.totalMinor;
      const paid = await post(port, `/pos/transactions/${(sale.body as { id: string }).id}/complete`, { payments: [{ method: 'card', amountMinor: total }] }, token);
      expect(paid).toMatchObject({ status: 200, body: { status: 'completed' } });
    }
    expect(await stop(running)).toBe(0);
  });

  it('wipes and seeds again with --reset', { timeout: 180_000 }, async () => {
    const { running, health } = await startHealthy(['--reset']);
    expectAllServicesInOneNode(health);
    expect(running.output()).toMatch(/Reset embedded database/);
    expect(running.output()).toMatch(/Applied migration/);
    expect(running.output()).toMatch(SEEDED);
    expect(await stop(running)).toBe(0);
  });
});

describe('npm start with bad configuration', () => {
  it('exits with 78 naming a malformed variable', async () => {
    const { running } = await start([], { API_PORT: 'notaport' });
    expect(await running.exited).toBe(78);
    expect(running.output()).toMatch(/API_PORT/);
    expect(running.output()).not.toMatch(/Platform ready/);
  });

  it('exits with 78 naming every secret production lacks', async () => {
    // Assumes the test's own environment sets neither secret.
    const { running } = await start([], { NODE_ENV: 'production' });
    expect(await running.exited).toBe(78);
    expect(running.output()).toMatch(/JWT_SECRET: required in production/);
    expect(running.output()).toMatch(/CA_KEY_PASSPHRASE: required in production/);
    expect(running.output()).not.toMatch(/Platform ready/);
  });
});
