import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dropPostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import { databaseUrl, TEST_JWT_SECRET, testAccessToken, testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';

const ADMIN_TOKEN = testAccessToken({ roles: ['admin'] });
import { waitUntilHealthy } from '../platform/platform-health';
import { CLI, freePort, runTs, stop, waitFor, type RunningProcess } from '../support/processes';

const name = uniqueName('tw_kill');
const url = databaseUrl(name);
let platform: RunningProcess;
let port: number;
let sql: pg.Client;

beforeAll(async () => {
  port = await freePort();
  platform = runTs(CLI, ['start', '--api-only'], {
    TILLWIRE_MODE: 'distributed',
    JWT_SECRET: TEST_JWT_SECRET,
    TILLWIRE_NAMESPACE: name.replaceAll('_', '-'),
    DATABASE_URL: url,
    NATS_URL: testEnvironment.natsUrl,
    REDIS_URL: testEnvironment.redisUrl,
    API_PORT: String(port),
    // The demo store's card payments go to simulated terminals the terminals node connects; their
    // keys go to a directory of this test's own.
    TERMINAL_SIMULATORS: 'on',
    TILLWIRE_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'tw-kill-')),
  });
  await waitUntilHealthy(platform, port, 120_000);
  sql = new pg.Client({ connectionString: url });
  await sql.connect();
}, 150_000);

afterAll(async () => {
  await sql?.end();
  if (platform) await stop(platform);
  await dropPostgresDatabase(url);
}, 60_000);

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  }).catch(() => undefined);
  if (!response) return { status: 0, body: {} };
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * Waits until a `saga` is caught part-way (a step done, the saga not finished), then kills the node
 * driving it; `traffic`, when given, runs again and again until then. Sagas take milliseconds, so
 * the database is polled in a tight loop.
 */
async function killMidSaga(saga: string, traffic?: () => Promise<unknown>): Promise<void> {
  let caught = false;
  const load = (async () => {
    while (traffic && !caught) await traffic();
  })();
  const deadline = Date.now() + 30_000;
  while (!caught) {
    if (Date.now() > deadline) throw new Error(`no ${saga} saga was caught part-way in 30 s`);
    const { rows } = await sql.query(
      `SELECT 1 FROM platform.saga_steps s JOIN platform.saga_instances i ON i.id = s.saga_id
        WHERE i.saga_name = $1 AND i.status = 'running' AND s.status = 'succeeded' LIMIT 1`,
      [saga],
    );
    caught = rows.length > 0;
  }
  await killTransactionsNode();
  await load;
}

/** SIGKILLs the transactions node process; the supervisor starts a new one a second later. */
async function killTransactionsNode(): Promise<void> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=,args=', '--ppid', String(platform.child.pid)]);
  const line = stdout.split('\n').find((l) => l.includes('--services transactions'));
  expect(line, 'transactions node process').toBeDefined();
  process.kill(Number(line!.trim().split(/\s+/)[0]), 'SIGKILL');
}

const createBody = () => ({ terminalId: 'T2', lines: [{ sku: 'GRO-006', quantity: 1 }, { sku: 'GRO-007', quantity: 1 }] });

it('converges after the transactions process is killed mid-create and mid-complete: nothing leaks, nothing is paid twice', async () => {
  // Mid-complete: reserve a batch, then kill the node while their card payments run.
  const reserved = (await Promise.all(Array.from({ length: 12 }, () => post('/pos/transactions', createBody())))).filter((r) => r.status === 201);
  expect(reserved.length, JSON.stringify((await post('/pos/transactions', createBody())).body)).toBe(12);
  const completing = reserved.map((r) =>
    post(`/pos/transactions/${String(r.body.id)}/complete`, {
      payments: [{ method: 'card', amountMinor: (r.body.totals as { totalMinor: number }).totalMinor }],
    }),
  );
  await killMidSaga('complete-transaction');
  await Promise.all(completing);

  // Mid-create: kill the (restarted) node while checkouts are being reserved.
  await waitUntilHealthy(platform, port, 60_000);
  await killMidSaga('create-transaction', () => Promise.all(Array.from({ length: 4 }, () => post('/pos/transactions', createBody()))));

  // Every saga finishes or is compensated once a transactions node runs again (lease 10 s + recovery every 5 s).
  await waitFor(
    async () => {
      const { rows } = await sql.query(`SELECT count(*)::int AS open FROM platform.saga_instances WHERE status IN ('running', 'compensating')`);
      return rows[0].open === 0 ? true : undefined;
    },
    90_000,
    platform.output,
  );

  // Recovery really took sagas over from the killed nodes (a claim bumps the version).
  const recovered = await sql.query(`SELECT saga_name, count(*)::int AS n FROM platform.saga_instances WHERE version > 0 GROUP BY 1`);
  console.info('sagas recovered after the kills:', JSON.stringify(recovered.rows));
  expect(recovered.rows.length).toBeGreaterThan(0);

  const statuses = await sql.query(`SELECT status::text, count(*)::int AS n FROM transactions.transactions GROUP BY status`);
  for (const row of statuses.rows) expect(['reserved', 'completed', 'failed']).toContain(row.status);

  // Reservations match their transaction: held while reserved, sold when completed, released otherwise.
  const held = await sql.query(`
    SELECT t.status::text AS transaction, r.status::text AS reservation, count(*)::int AS n
      FROM transactions.transactions t JOIN inventory.reservations r ON r.transaction_id = t.id
     GROUP BY 1, 2`);
  const allowed: Record<string, string[]> = { reserved: ['active'], completed: ['committed'], failed: ['released'] };
  for (const row of held.rows) expect(allowed[row.transaction], `${row.transaction}/${row.reservation}`).toContain(row.reservation);

  // Exactly once: no payment has two approved attempts, and an approved card belongs to a completed sale.
  const doubled = await sql.query(`
    SELECT payment_id FROM transactions.payment_attempts WHERE status = 'approved' GROUP BY payment_id HAVING count(*) > 1`);
  expect(doubled.rows).toEqual([]);
  const approvedElsewhere = await sql.query(`
    SELECT p.id FROM transactions.payments p JOIN transactions.transactions t ON t.id = p.transaction_id
     WHERE p.method = 'card' AND p.status = 'approved' AND t.status <> 'completed'`);
  expect(approvedElsewhere.rows).toEqual([]);

  // The stock ledger still explains every stock level.
  const drift = await sql.query(`
    SELECT s.sku FROM inventory.stock_levels s
      LEFT JOIN (SELECT sku, location_code, sum(on_hand_delta) AS on_hand, sum(reserved_delta) AS reserved
                   FROM inventory.stock_movements GROUP BY 1, 2) m USING (sku, location_code)
     WHERE s.on_hand <> coalesce(m.on_hand, 0) OR s.reserved <> coalesce(m.reserved, 0)`);
  expect(drift.rows).toEqual([]);

  // What is still reserved can be completed now.
  const open = await sql.query(`SELECT id, total_minor::int AS total FROM transactions.transactions WHERE status = 'reserved'`);
  for (const t of open.rows) {
    const done = await post(`/pos/transactions/${t.id}/complete`, { payments: [{ method: 'cash', amountMinor: t.total }] });
    expect(done.body.status).toBe('completed');
  }
}, 240_000);
