import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../audit/audit-append.use-case';
import { AuditError } from '../audit/audit.errors';
import { AuditRepository } from '../audit/audit.repository';
import { verifyAuditChain } from '../audit/audit-verify.use-case';
import { openPglite, openPostgres, type Database } from '../db/database';
import { applyMigrations, readMigrations } from '../db/migrations';
import type { SqlExecutor } from '../db/sql-executor';
import { MIGRATIONS_DIR } from '../runner/workspace';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { IdempotencyStore, requestHash } from './idempotency-store';

const OPTIONS = { lockMs: 60_000, retentionMs: 3_600_000 };
const audits = new AuditRepository();

let database: TestDatabase;
let sql: SqlExecutor;
let store: IdempotencyStore;

beforeAll(async () => {
  database = await createTestDatabase('tw_idempotency');
  sql = database.db.sql;
  store = new IdempotencyStore(sql, OPTIONS);
});

afterAll(() => database?.drop());

const entryFor = (key: string, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: { id: 'user-1', role: 'operator' },
  action: 'transaction.complete',
  entityType: 'transaction',
  entityId: key,
  terminalId: 'T-01',
  ip: '10.0.0.1',
  after: { status: 'completed' },
  ...extra,
});

const answerFor = (key: string) => ({ status: 200, body: JSON.stringify({ id: key, status: 'completed' }) });

/** A key claimed by a request that is now running. */
async function claimed(on: IdempotencyStore = store): Promise<string> {
  const key = randomUUID();
  expect(await on.claim('complete:user-1', key, requestHash([key]))).toEqual({ outcome: 'claimed' });
  return key;
}

async function keyRow(key: string, on: SqlExecutor = sql) {
  const [row] = await on.query<{ status: string; responseStatus: number | null; responseBody: string | null }>(
    `SELECT status, response_status AS "responseStatus", response_body AS "responseBody"
       FROM platform.idempotency_keys WHERE scope = 'complete:user-1' AND key = $1`,
    [key],
  );
  return row;
}

async function entriesOf(key: string, on: SqlExecutor = sql) {
  return on.query<{ id: bigint }>(`SELECT id FROM platform.audit_log WHERE entity_id = $1`, [key]);
}

describe('IdempotencyStore.complete with the audit entry of the change', () => {
  it('stores the answer and appends the entry in one statement; a replay answers it without another entry', async () => {
    const head = await audits.head(sql);
    const key = await claimed();
    await store.complete('complete:user-1', key, answerFor(key), entryFor(key));

    expect(await keyRow(key)).toEqual({ status: 'completed', responseStatus: 200, responseBody: answerFor(key).body });
    const [entry] = await audits.range(sql, head!.seq, head!.seq + 1n, 10);
    expect(entry).toMatchObject({ id: head!.seq + 1n, entityId: key, actorId: 'user-1', after: { status: 'completed' }, prevHash: head!.hash });
    expect(await audits.head(sql)).toEqual({ seq: entry!.id, hash: entry!.hash });
    expect(await store.claim('complete:user-1', key, requestHash([key]))).toEqual({ outcome: 'replay', response: answerFor(key) });
    expect(await entriesOf(key)).toHaveLength(1);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true, lastId: String(entry!.id) });
  });

  it('stores an answer without an entry on its own', async () => {
    const head = await audits.head(sql);
    const key = await claimed();
    await store.complete('complete:user-1', key, answerFor(key));
    expect(await keyRow(key)).toMatchObject({ status: 'completed', responseStatus: 200 });
    expect(await audits.head(sql)).toEqual(head);
  });

  it('writes neither when the entry is invalid', async () => {
    const head = await audits.head(sql);
    const key = await claimed();
    const invalid = entryFor(key, { action: 'Not An Action' });
    await expect(store.complete('complete:user-1', key, answerFor(key), invalid)).rejects.toBeInstanceOf(AuditError);
    expect(await keyRow(key)).toMatchObject({ status: 'in_progress', responseBody: null });
    expect(await audits.head(sql)).toEqual(head);
  });

  it('writes neither when the statement fails after appending the entry, and leaves no gap', async () => {
    const head = await audits.head(sql);
    const key = await claimed();
    // Another session holds the key's row: the statement appends the entry, then waits for it.
    const holder = openPostgres(database.url, 2);
    let unlock!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = holder.sql.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM platform.idempotency_keys WHERE scope = 'complete:user-1' AND key = $1 FOR UPDATE`, [key]);
      locked();
      await new Promise<void>((resolve) => (unlock = resolve));
    });
    try {
      await isLocked;
      const completing = store.complete('complete:user-1', key, answerFor(key), entryFor(key)).then(
        () => undefined,
        (error: unknown) => error,
      );
      const waiting = `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%audit_chain_head%'`;
      await expect.poll(async () => (await sql.query(waiting)).length).toBe(1);
      // It holds the chain head meanwhile: its entry is in.
      await expect(holder.sql.query('SELECT 1 FROM platform.audit_chain_head FOR UPDATE NOWAIT')).rejects.toThrow(/could not obtain lock/);
      await sql.query(`SELECT pg_cancel_backend(pid) FROM (${waiting}) AS w`);
      expect(await completing).toMatchObject({ code: '57014' });
    } finally {
      unlock();
      await holding;
      await holder.close();
    }

    expect(await keyRow(key)).toMatchObject({ status: 'in_progress', responseBody: null });
    expect(await entriesOf(key)).toEqual([]);
    expect(await audits.head(sql)).toEqual(head);
    // The retry takes the next id.
    await store.complete('complete:user-1', key, answerFor(key), entryFor(key));
    expect(await entriesOf(key)).toEqual([{ id: head!.seq + 1n }]);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true });
  });
});

describe('concurrent completions with audit entries', () => {
  it('from two pools, some in transactions that roll back, keep one verifiable chain and each answer with its entry', async () => {
    const pools: Database[] = [openPostgres(database.url, 10), openPostgres(database.url, 10)];
    const head = (await audits.head(sql))!;
    const keys = await Promise.all(Array.from({ length: 180 }, () => claimed()));
    try {
      await Promise.all(
        keys.map(async (key, n) => {
          const pool = pools[n % 2]!.sql;
          if (n % 6 !== 5) return new IdempotencyStore(pool, OPTIONS).complete('complete:user-1', key, answerFor(key), entryFor(key));
          // Every sixth rolls back after completing: 30 of 180.
          await pool
            .transaction(async (tx) => {
              await new IdempotencyStore(tx, OPTIONS).complete('complete:user-1', key, answerFor(key), entryFor(key));
              throw new Error('rolled back');
            })
            .catch(() => undefined);
        }),
      );
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }

    const [shape] = await sql.query<{ rows: number; first: bigint; last: bigint }>(
      `SELECT count(*)::int AS rows, min(id) AS first, max(id) AS last FROM platform.audit_log WHERE id > $1`,
      [head.seq],
    );
    expect(shape).toEqual({ rows: 150, first: head.seq + 1n, last: head.seq + 150n });
    expect(await verifyAuditChain(sql, { batchSize: 64 })).toMatchObject({ ok: true, lastId: String(head.seq + 150n) });
    // Exactly the answers stored have their entry: the 150 that committed.
    const audited = await sql.query<{ key: string }>(`SELECT entity_id AS key FROM platform.audit_log WHERE id > $1`, [head.seq]);
    const completed = await sql.query<{ key: string }>(
      `SELECT key FROM platform.idempotency_keys WHERE key = ANY($1::text[]) AND status = 'completed'`,
      [keys],
    );
    const committed = keys.filter((_, n) => n % 6 !== 5).sort();
    expect(audited.map((row) => row.key).sort()).toEqual(committed);
    expect(completed.map((row) => row.key).sort()).toEqual(committed);
  });
});

describe('the combined write on PGlite (embedded mode)', () => {
  let embedded: Database;

  beforeAll(async () => {
    embedded = await openPglite(undefined);
    await applyMigrations(embedded.sql, await readMigrations(MIGRATIONS_DIR), { serverLock: false });
  });

  afterAll(() => embedded?.close());

  it('stores the answer with its entry, and the chain verifies', async () => {
    const onPglite = new IdempotencyStore(embedded.sql, OPTIONS);
    const key = await claimed(onPglite);
    await onPglite.complete('complete:user-1', key, answerFor(key), entryFor(key));
    expect(await keyRow(key, embedded.sql)).toMatchObject({ status: 'completed', responseStatus: 200 });
    expect(await entriesOf(key, embedded.sql)).toEqual([{ id: 1n }]);
    expect(await verifyAuditChain(embedded.sql)).toMatchObject({ ok: true, checked: 1 });
  });
});
