import { audit } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlExecutor } from '../db/sql-executor';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { auditActions, auditPageView } from './audit.actions';
import { appendAudit, type AuditEntryInput } from './audit-append.use-case';
import { listAudit } from './audit-list.use-case';

let database: TestDatabase;
let sql: SqlExecutor;

const minute = (n: number) => new Date(Date.UTC(2026, 10, 22, 9, n));

/** Ids 1-12, one a minute from 09:00. */
const ENTRIES: AuditEntryInput[] = [
  { actor: { id: 'ann', role: 'operator' }, action: 'transaction.create', entityType: 'transaction', entityId: 'tx-1', terminalId: 'T-01' },
  { actor: { id: 'ann', role: 'operator' }, action: 'transaction.complete', entityType: 'transaction', entityId: 'tx-1', terminalId: 'T-01' },
  { actor: { id: 'bob', role: 'operator' }, action: 'transaction.create', entityType: 'transaction', entityId: 'tx-2', terminalId: 'T-02' },
  { actor: { id: 'sue', role: 'supervisor' }, action: 'transaction.override', entityType: 'transaction', entityId: 'tx-2', terminalId: 'T-02' },
  { actor: { id: 'bob', role: 'operator' }, action: 'transaction.complete', entityType: 'transaction', entityId: 'tx-2', terminalId: 'T-02' },
  { actor: { id: 'adm', role: 'admin' }, action: 'stock.adjust', entityType: 'stock', entityId: 'SKU-1' },
  { actor: null, action: 'transaction.expire', entityType: 'transaction', entityId: 'tx-3' },
  { actor: { id: 'adm', role: 'admin' }, action: 'dlq.replay', entityType: 'dead_letter', entityId: 'dl-1' },
  { actor: { id: 'adm', role: 'admin' }, action: 'terminal.certificate.revoke', entityType: 'terminal', entityId: 'T-02' },
  { actor: { id: 'ann', role: 'operator' }, action: 'transaction.refund', entityType: 'transaction', entityId: 'tx-1', terminalId: 'T-01' },
  { actor: { id: 'adm', role: 'admin' }, action: 'user.create', entityType: 'user', entityId: 'u-9', ip: '10.1.2.3' },
  { actor: { id: 'ann', role: 'operator' }, action: 'transactions.bulk', entityType: 'transaction', entityId: 'tx-9', terminalId: 'T-01' },
];

beforeAll(async () => {
  database = await createTestDatabase('tw_audit_list');
  sql = database.db.sql;
  for (const [i, entry] of ENTRIES.entries()) await appendAudit(sql, { ...entry, at: minute(i) });
});

afterAll(() => database?.drop());

const list = (query: audit.ListAuditQuery) => listAudit(sql, audit.listAuditQuery.parse(query));
const ids = async (query: audit.ListAuditQuery) => (await list(query)).entries.map((e) => Number(e.id));

describe('listAudit', () => {
  it('answers the newest first, 50 by default', async () => {
    expect(await ids({})).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect((await list({})).nextCursor).toBeNull();
  });

  it('filters by actor, entity, terminal and exact action', async () => {
    expect(await ids({ actorId: 'ann' })).toEqual([12, 10, 2, 1]);
    expect(await ids({ entityType: 'transaction', entityId: 'tx-2' })).toEqual([5, 4, 3]);
    expect(await ids({ terminalId: 'T-02' })).toEqual([5, 4, 3]);
    expect(await ids({ action: 'transaction.complete' })).toEqual([5, 2]);
    expect(await ids({ actorId: 'nobody' })).toEqual([]);
  });

  it('treats an action ending with a dot as a prefix of whole words', async () => {
    expect(await ids({ action: 'transaction.' })).toEqual([10, 7, 5, 4, 3, 2, 1]);
    expect(await ids({ action: 'terminal.certificate.' })).toEqual([9]);
    expect(await ids({ action: 'transaction' })).toEqual([]);
  });

  it('filters by time: from inclusive, to exclusive', async () => {
    expect(await ids({ from: minute(3).toISOString(), to: minute(6).toISOString() })).toEqual([6, 5, 4]);
    expect(await ids({ from: '2026-11-22T10:10:00+01:00' })).toEqual([12, 11]);
  });

  it('combines filters with AND', async () => {
    expect(await ids({ actorId: 'ann', action: 'transaction.', from: minute(1).toISOString() })).toEqual([10, 2]);
  });

  it('pages newest first through nextCursor without repeating or skipping an entry', async () => {
    const seen: number[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: '5', ...(before === undefined ? {} : { before }) });
      seen.push(...page.entries.map((e) => Number(e.id)));
      before = page.nextCursor === null ? undefined : String(page.nextCursor);
      pages += 1;
    } while (before !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // A page that ends exactly on the last entry says so.
    expect((await list({ limit: '4', before: '5' })).nextCursor).toBeNull();
    expect(await ids({ action: 'transaction.', limit: '2', before: '5' })).toEqual([4, 3]);
  });

  it('answers the contract view through the broker action, with ids and cursors as text', async () => {
    const { listAudit: action } = auditActions({ db: sql });
    const result = await action.handler({ params: { actorId: 'adm', limit: 2 } } as never);
    expect(audit.listAuditResult.parse(result)).toEqual(result);
    expect(result.nextCursor).toBe('9');
    expect(result.entries[0]).toMatchObject({ id: '11', at: minute(10).toISOString(), actor: { id: 'adm', role: 'admin' }, ip: '10.1.2.3', before: null });
    expect(auditPageView(await list({ actorId: 'nobody' }))).toEqual({ entries: [], nextCursor: null });
  });
});

describe('listAuditQuery (strings of a URL query)', () => {
  const issues = (query: Record<string, string>) => {
    const parsed = audit.listAuditQuery.safeParse(query);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('defaults the limit to 50 and turns it into a number', () => {
    expect(audit.listAuditQuery.parse({})).toEqual({ limit: 50 });
    expect(audit.listAuditQuery.parse({ limit: '500', before: '42', action: 'transaction.' })).toEqual({ limit: 500, before: '42', action: 'transaction.' });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '501' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: '1e2' }, 'limit'],
    [{ before: 'abc' }, 'before'],
    [{ before: '0' }, 'before'],
    [{ before: '9223372036854775808' }, 'before'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2026-11-22T10:00:00Z', to: '2026-11-22T09:00:00Z' }, 'to'],
    [{ action: 'Transaction.Complete' }, 'action'],
    [{ action: '.x' }, 'action'],
    [{ actorId: 'x'.repeat(65) }, 'actorId'],
    [{ entityId: 'a\u0000b' }, 'entityId'],
  ])('refuses %j at %s', (query, path) => {
    expect(issues(query)).toEqual([path]);
  });
});
