import { audit } from '@tillwire/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Database } from '../db/database';
import { applyMigrations, readMigrations } from '../db/migrations';
import type { SqlExecutor } from '../db/sql-executor';
import { MIGRATIONS_DIR } from '../runner/workspace';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { appendAudit, type AuditEntryInput } from './audit-append.use-case';
import { auditHash, GENESIS_HASH } from './audit-canonical';
import { AuditError } from './audit.errors';
import { REDACTED } from './audit-redaction';
import { AuditRepository, type AuditRecord } from './audit.repository';
import { verifyAuditChain } from './audit-verify.use-case';

let database: TestDatabase;
let sql: SqlExecutor;
const repository = new AuditRepository();

beforeAll(async () => {
  database = await createTestDatabase('tw_audit_chain');
  sql = database.db.sql;
});

afterAll(() => database?.drop());

const entry = (n: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: { id: `user-${n % 3}`, role: 'operator' },
  action: 'transaction.complete',
  entityType: 'transaction',
  entityId: `tx-${n}`,
  terminalId: 'T-01',
  ip: '10.0.0.1',
  before: { status: 'reserved', n },
  after: { status: 'completed', n },
  ...extra,
});

/** What a superuser with direct access can do: statements with the append-only triggers switched off. */
async function asAttacker(statements: string): Promise<void> {
  await sql.exec(`
    ALTER TABLE platform.audit_log DISABLE TRIGGER USER;
    ALTER TABLE platform.audit_chain_head DISABLE TRIGGER USER;
    ${statements};
    ALTER TABLE platform.audit_log ENABLE TRIGGER USER;
    ALTER TABLE platform.audit_chain_head ENABLE TRIGGER USER;`);
}

async function resetChain(): Promise<void> {
  await asAttacker(`TRUNCATE platform.audit_log; UPDATE platform.audit_chain_head SET seq = 0, prev_hash = repeat('0', 64), hash = repeat('0', 64)`);
}

async function appendMany(count: number): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  for (let n = 1; n <= count; n += 1) records.push(await appendAudit(sql, entry(n)));
  return records;
}

async function stored(id: number): Promise<AuditRecord> {
  const [row] = await repository.range(sql, BigInt(id - 1), BigInt(id), 1);
  return row!;
}

describe('appendAudit', () => {
  beforeEach(resetChain);

  it('chains each entry to the one before from 64 zeros, with redacted states, and the chain verifies', async () => {
    const at = new Date('2026-11-22T08:30:00.123Z');
    const first = await appendAudit(sql, entry(1, { actor: null, before: undefined, after: { username: 'ann', password: 'hunter2', pin: '1234' }, at }));
    const second = await appendAudit(sql, entry(2, { terminalId: null, ip: null }));
    const third = await appendAudit(sql, entry(3, { before: { lines: [{ sku: 'A', qty: 1 }], token: 'abc' } }));

    expect([first.id, second.id, third.id]).toEqual([1n, 2n, 3n]);
    expect([first.prevHash, second.prevHash, third.prevHash]).toEqual([GENESIS_HASH, first.hash, second.hash]);
    for (const record of [first, second, third]) expect(record.hash).toBe(auditHash(record.prevHash, record));
    expect(first).toMatchObject({ at, actorId: null, actorRole: null, before: null, after: { username: 'ann', password: REDACTED, pin: REDACTED } });
    expect(second).toMatchObject({ actorId: 'user-2', actorRole: 'operator', terminalId: null, ip: null });
    expect(await stored(3)).toEqual(third);
    expect(third.before).toEqual({ lines: [{ sku: 'A', qty: 1 }], token: REDACTED });

    expect(await verifyAuditChain(sql)).toEqual({ ok: true, checked: 3, lastId: '3', headHash: third.hash });
    expect(await repository.head(sql)).toEqual({ seq: 3n, hash: third.hash });
  });

  it("takes the database's time to the millisecond when none is given", async () => {
    const before = Date.now();
    const record = await appendAudit(sql, entry(1));
    expect(record.at.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(record.at.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(record.hash).toBe(auditHash(record.prevHash, record));
  });

  it('refuses an invalid entry with a typed error and writes nothing', async () => {
    for (const bad of [entry(1, { action: 'Transaction Complete' }), entry(1, { entityId: '' }), entry(1, { at: new Date(Number.NaN) })]) {
      const error = await appendAudit(sql, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditError);
      expect(error).toMatchObject({ code: audit.AuditErrorCode.ValidationFailed, status: 400 });
    }
    expect(await repository.head(sql)).toEqual({ seq: 0n, hash: GENESIS_HASH });
  });

  it("joins the caller's transaction: a rolled-back append leaves neither an entry nor a gap", async () => {
    await appendAudit(sql, entry(1));
    await expect(
      sql.transaction(async (tx) => {
        await appendAudit(tx, entry(2));
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    const next = await appendAudit(sql, entry(3));
    expect(next.id).toBe(2n);
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true, checked: 2 });
  });
});

describe('concurrent appends', () => {
  beforeEach(resetChain);

  async function expectOneUnforkedChain(count: number): Promise<void> {
    const [shape] = await sql.query<{ rows: number; first: bigint; last: bigint; links: number }>(
      `SELECT count(*)::int AS rows, min(id) AS first, max(id) AS last, count(DISTINCT prev_hash)::int AS links FROM platform.audit_log`,
    );
    expect(shape).toEqual({ rows: count, first: 1n, last: BigInt(count), links: count });
    expect(await verifyAuditChain(sql, { batchSize: 64 })).toMatchObject({ ok: true, checked: count, lastId: String(count) });
  }

  it('200 at once over one pool make one chain without forks or gaps', async () => {
    await Promise.all(Array.from({ length: 200 }, (_, n) => appendAudit(sql, entry(n))));
    await expectOneUnforkedChain(200);
  });

  it('200 at once from two separate pools, some in transactions that roll back, make one chain', async () => {
    const pools: Database[] = [openPostgres(database.url, 10), openPostgres(database.url, 10)];
    try {
      const appends = Array.from({ length: 240 }, async (_, n) => {
        const pool = pools[n % 2]!.sql;
        if (n % 6 !== 5) {
          await appendAudit(pool, entry(n));
          return;
        }
        // Every sixth one rolls back after appending: 40 of 240.
        await pool
          .transaction(async (tx) => {
            await appendAudit(tx, entry(n));
            throw new Error('rolled back');
          })
          .catch(() => undefined);
      });
      await Promise.all(appends);
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
    await expectOneUnforkedChain(200);
  });
});

describe('the append-only triggers', () => {
  beforeAll(async () => {
    await resetChain();
    await appendMany(3);
  });

  it.each([
    ['UPDATE', `UPDATE platform.audit_log SET entity_id = 'forged' WHERE id = 2`],
    ['DELETE', 'DELETE FROM platform.audit_log WHERE id = 2'],
    ['TRUNCATE', 'TRUNCATE platform.audit_log'],
  ])('refuse %s of the log', async (operation, statement) => {
    await expect(sql.execute(statement)).rejects.toThrow(`${operation} on platform.audit_log refused: the audit trail is append-only`);
  });

  it.each([
    ['DELETE', 'DELETE FROM platform.audit_chain_head'],
    ['TRUNCATE', 'TRUNCATE platform.audit_chain_head'],
    ['UPDATE', `UPDATE platform.audit_chain_head SET seq = 0, prev_hash = repeat('0', 64), hash = repeat('0', 64)`],
    ['INSERT', `INSERT INTO platform.audit_chain_head (id, seq, prev_hash, hash) VALUES (2, 0, repeat('0', 64), repeat('0', 64))`],
  ])('refuse %s of the chain head that is not an append', async (operation, statement) => {
    await expect(sql.execute(statement)).rejects.toThrow(`${operation} on platform.audit_chain_head refused`);
  });

  it('leave the chain intact', async () => {
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true, checked: 3 });
  });
});

describe('verifyAuditChain against tampering (triggers disabled, as a superuser could)', () => {
  const K = 5;
  let records: AuditRecord[];

  beforeEach(async () => {
    await resetChain();
    records = await appendMany(10);
  });

  /** Batches of 3, so a break falls inside a batch and after a batch boundary alike. */
  const brokenAt = async (id: number, reason: audit.AuditBreakReason, checked = id - 1) => {
    expect(await verifyAuditChain(sql, { batchSize: 3 })).toMatchObject({ ok: false, checked, firstBroken: { id: String(id), reason } });
  };

  it('finds a field of entry k changed in place, at k', async () => {
    await asAttacker(`UPDATE platform.audit_log SET actor_id = 'someone-else' WHERE id = ${K}`);
    await brokenAt(K, 'hash_mismatch');
  });

  it('finds a value inside the after state of entry k changed, at k', async () => {
    await asAttacker(`UPDATE platform.audit_log SET after = jsonb_set(after, '{status}', '"refunded"') WHERE id = ${K}`);
    await brokenAt(K, 'hash_mismatch');
  });

  it('finds the time of entry k moved by a millisecond, at k', async () => {
    await asAttacker(`UPDATE platform.audit_log SET at = at + interval '1 millisecond' WHERE id = ${K}`);
    await brokenAt(K, 'hash_mismatch');
  });

  it('finds entry k deleted, at k (a gap)', async () => {
    await asAttacker(`DELETE FROM platform.audit_log WHERE id = ${K}`);
    await brokenAt(K, 'gap');
  });

  it('finds entry k deleted and the later ones renumbered to close the gap, at k', async () => {
    await asAttacker(`DELETE FROM platform.audit_log WHERE id = ${K};
      UPDATE platform.audit_log SET id = -id WHERE id > ${K};
      UPDATE platform.audit_log SET id = -id - 1 WHERE id < 0;
      UPDATE platform.audit_chain_head SET seq = seq - 1`);
    await brokenAt(K, 'prev_hash_mismatch');
  });

  it('finds entry k altered and re-hashed alone, at k+1: the first entry whose link no longer holds', async () => {
    const k = records[K - 1]!;
    const forged = { ...k, entityId: 'tx-forged' };
    await asAttacker(`UPDATE platform.audit_log SET entity_id = 'tx-forged', hash = '${auditHash(k.prevHash, forged)}' WHERE id = ${K}`);
    await brokenAt(K + 1, 'prev_hash_mismatch');
  });

  it('finds entries k and k+1 swapped, at k', async () => {
    await asAttacker(`UPDATE platform.audit_log SET id = -id WHERE id IN (${K}, ${K + 1});
      UPDATE platform.audit_log SET id = CASE id WHEN -${K} THEN ${K + 1} ELSE ${K} END WHERE id < 0`);
    await brokenAt(K, 'prev_hash_mismatch');
  });

  it('finds a forged entry inserted at k with a valid hash, at k+1', async () => {
    const previous = records[K - 2]!;
    const forged: AuditRecord = { ...records[K - 1]!, id: BigInt(K), entityId: 'tx-forged', prevHash: previous.hash, hash: '' };
    forged.hash = auditHash(forged.prevHash, forged);
    await asAttacker(`UPDATE platform.audit_log SET id = -id WHERE id >= ${K};
      UPDATE platform.audit_log SET id = -id + 1 WHERE id < 0;
      INSERT INTO platform.audit_log (id, at, actor_id, actor_role, action, entity_type, entity_id, terminal_id, ip, before, after, prev_hash, hash)
      SELECT ${K}, at, actor_id, actor_role, action, entity_type, 'tx-forged', terminal_id, ip, before, after, '${forged.prevHash}', '${forged.hash}'
        FROM platform.audit_log WHERE id = ${K + 1}`);
    await brokenAt(K + 1, 'prev_hash_mismatch');
  });

  it('finds the last entry cut off, at its id (a gap up to the head)', async () => {
    await asAttacker('DELETE FROM platform.audit_log WHERE id = 10');
    await brokenAt(10, 'gap');
  });

  it('finds an entry written past the head, around appendAudit', async () => {
    await asAttacker(`INSERT INTO platform.audit_log (id, action, entity_type, entity_id, prev_hash, hash)
      VALUES (11, 'user.create', 'user', 'u-x', '${records[9]!.hash}', repeat('a', 64))`);
    await brokenAt(11, 'head_mismatch', 10);
  });

  it('finds a head that disagrees with the last entry', async () => {
    await asAttacker(`UPDATE platform.audit_chain_head SET hash = repeat('b', 64)`);
    await brokenAt(10, 'head_mismatch', 10);
  });

  it('reports progress batch by batch while it walks', async () => {
    const progress: { checked: number; lastId: string }[] = [];
    await verifyAuditChain(sql, { batchSize: 4, onProgress: (p) => progress.push(p) });
    expect(progress).toEqual([
      { checked: 4, lastId: '4' },
      { checked: 8, lastId: '8' },
      { checked: 10, lastId: '10' },
    ]);
  });
});

describe('the audit chain on PGlite (embedded mode)', () => {
  let embedded: Database;

  beforeAll(async () => {
    embedded = await openPglite(undefined);
    await applyMigrations(embedded.sql, await readMigrations(MIGRATIONS_DIR), { serverLock: false });
  });

  afterAll(() => embedded?.close());

  it('appends in one statement, verifies, and refuses changes', async () => {
    const first = await appendAudit(embedded.sql, entry(1, { after: { refreshToken: 't', status: 'ok' } }));
    const second = await appendAudit(embedded.sql, entry(2, { at: new Date('2026-11-22T00:00:00.999Z') }));
    expect([first.id, second.id, second.prevHash]).toEqual([1n, 2n, first.hash]);
    expect(first.after).toEqual({ refreshToken: REDACTED, status: 'ok' });
    expect(await verifyAuditChain(embedded.sql)).toEqual({ ok: true, checked: 2, lastId: '2', headHash: second.hash });
    await expect(embedded.sql.execute('DELETE FROM platform.audit_log')).rejects.toThrow(/append-only/);
  });
});
