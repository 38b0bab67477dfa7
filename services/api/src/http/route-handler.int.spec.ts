import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { IdempotencyStore, signAccessToken, verifyAuditChain, type SqlExecutor } from '@tillwire/platform';
import { createTestDatabase, type TestDatabase } from '@tillwire/platform/testing';
import type { ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccessGuard } from './access-guard';
import { proxyList } from './client-address';
import { memoryRateLimitStore, RateLimiter } from './rate-limiter';
import { defineRoute, type IdentityPort, type Route } from './route';
import { routeHandler, type ApiRequest, type Edge } from './route-handler';
import { TransactionTerminals } from './transaction-terminals';

const key = createSecretKey(randomBytes(32));
const userId = randomUUID();
const token = signAccessToken(key, { sub: userId, username: 'ann', roles: ['admin'] }, { ttlSeconds: 600 }).token;

let database: TestDatabase;
let sql: SqlExecutor;
let edge: Edge;

beforeAll(async () => {
  database = await createTestDatabase('tw_route_handler');
  sql = database.db.sql;
  const limits = { authPerIp: 100, writesPerUser: 100, writesPerIp: 100 };
  const guard = new AccessGuard({ ended: { revoked: () => false }, key, limiter: new RateLimiter(memoryRateLimitStore()), limits, log: console });
  const idempotency = new IdempotencyStore(sql, { lockMs: 60_000, retentionMs: 3_600_000 });
  edge = {
    idempotency,
    guard,
    identity: {} as IdentityPort,
    sql,
    terminalWaitMs: 1_000,
    proxies: proxyList([]),
    transactionTerminals: new TransactionTerminals(),
  };
});

afterAll(() => database?.drop());

/** A product route whose call answers what `outcome` says, counting its runs. */
function productRoute(method: 'POST' | 'PUT', outcome: (sku: string) => unknown = (sku) => ({ sku, name: 'Tea' })) {
  const runs = { count: 0 };
  const route = defineRoute({
    id: `product${method}`,
    method,
    path: '/products',
    summary: 'test',
    tag: 'Test',
    access: 'catalog.manage',
    body: z.object({ sku: z.string() }),
    response: z.object({ sku: z.string(), name: z.string() }),
    status: method === 'POST' ? 201 : 200,
    audit: { action: method === 'POST' ? 'product.create' : 'product.update', entity: ({ body }) => ({ type: 'product', id: body.sku }) },
    call: async ({ body }) => {
      runs.count += 1;
      const result = await outcome(body.sku);
      if (result instanceof Error) throw result;
      return result;
    },
  });
  return { route, runs };
}

interface Answer {
  status: number;
  body: unknown;
}

async function request(route: Route, body: object, idempotencyKey?: string): Promise<Answer> {
  const answer = { status: 0, body: undefined as unknown };
  const res = {
    writeHead: (status: number) => (answer.status = status),
    end: (text?: string) => (answer.body = text ? JSON.parse(text) : undefined),
  } as unknown as ServerResponse;
  const req: ApiRequest = {
    method: route.method,
    url: route.path,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body,
    socket: { remoteAddress: '10.0.0.5' },
    $service: { broker: { logger: { error: () => undefined } } as unknown as ServiceBroker },
  };
  await routeHandler(route, () => edge)(req, res);
  return answer;
}

const entriesOf = (sku: string) =>
  sql.query<{ action: string; actorId: string; ip: string }>(
    `SELECT action, actor_id AS "actorId", ip FROM platform.audit_log WHERE entity_id = $1`,
    [sku],
  );

const keyRows = (key: string) =>
  sql.query<{ status: string; responseStatus: number }>(
    `SELECT status, response_status AS "responseStatus" FROM platform.idempotency_keys WHERE key = $1`,
    [key],
  );

describe('routeHandler: an idempotent POST', () => {
  it('answers once, stores the answer with its audit entry, and replays it without running or recording again', async () => {
    const { route, runs } = productRoute('POST');
    const key = randomUUID();
    const sku = `SKU-${key}`;
    const first = await request(route, { sku }, key);
    expect(first).toEqual({ status: 201, body: { sku, name: 'Tea' } });
    expect(await entriesOf(sku)).toEqual([{ action: 'product.create', actorId: userId, ip: '10.0.0.5' }]);
    expect(await keyRows(key)).toEqual([{ status: 'completed', responseStatus: 201 }]);

    expect(await request(route, { sku }, key)).toEqual(first);
    expect(runs.count).toBe(1);
    expect(await entriesOf(sku)).toHaveLength(1);
  });

  it('stores a refusal for replays without an audit entry', async () => {
    const refusal = Object.assign(new Error('No such department'), { code: 422, type: 'department_unknown' });
    const { route, runs } = productRoute('POST', () => refusal);
    const key = randomUUID();
    const sku = `SKU-${key}`;
    const first = await request(route, { sku }, key);
    expect(first).toMatchObject({ status: 422, body: { error: { code: 'department_unknown' } } });
    expect(await request(route, { sku }, key)).toEqual(first);
    expect(runs.count).toBe(1);
    expect(await entriesOf(sku)).toEqual([]);
  });

  it('answers retryable and frees the key when the answer and its entry cannot be written, so a retry records them', async () => {
    let proceed!: () => void;
    const called = new Promise<void>((resolve) => (proceed = resolve));
    const { route, runs } = productRoute('POST', async (sku) => {
      await called;
      return { sku, name: 'Tea' };
    });
    const key = randomUUID();
    const sku = `SKU-${key}`;
    const answering = request(route, { sku }, key);
    await expect.poll(async () => (await keyRows(key)).length).toBe(1);
    // Another session holds the key's row: the statement appends the entry, then waits for the row until it is cancelled.
    const holder = holdRow('SELECT 1 FROM platform.idempotency_keys WHERE key = $1 FOR UPDATE', [key]);
    const waiting = `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%audit_chain_head%'`;
    try {
      await holder.locked;
      proceed();
      await expect.poll(async () => (await sql.query(waiting)).length).toBe(1);
      await sql.query(`SELECT pg_cancel_backend(pid) FROM (${waiting}) AS w`);
    } finally {
      await holder.release();
    }
    expect(await answering).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } } });
    expect(await keyRows(key)).toEqual([]);
    expect(await entriesOf(sku)).toEqual([]);

    expect(await request(route, { sku }, key)).toEqual({ status: 201, body: { sku, name: 'Tea' } });
    expect(runs.count).toBe(2);
    expect(await entriesOf(sku)).toHaveLength(1);
    expect(await keyRows(key)).toEqual([{ status: 'completed', responseStatus: 201 }]);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true });
  });

  it('keeps a PUT (no Idempotency-Key) recording its change', async () => {
    const { route } = productRoute('PUT');
    const sku = `SKU-${randomUUID()}`;
    expect(await request(route, { sku })).toEqual({ status: 200, body: { sku, name: 'Tea' } });
    expect(await entriesOf(sku)).toEqual([{ action: 'product.update', actorId: userId, ip: '10.0.0.5' }]);
  });
});

/** A transaction on its own connection holding the rows `lock` locks until released. */
function holdRow(lock: string, params: unknown[]): { locked: Promise<void>; release(): Promise<void> } {
  let locked!: () => void;
  let release!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const holding = sql.transaction(async (tx) => {
    await tx.query(lock, params);
    locked();
    await released;
  });
  return {
    locked: isLocked,
    release: async () => {
      release();
      await holding;
    },
  };
}
