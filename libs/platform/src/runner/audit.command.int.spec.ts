import { audit } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_BROKEN_EXIT, runAuditCommand, USAGE_EXIT } from './audit.command';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { appendAudit } from '../audit/audit-append.use-case';

/** The `audit` command of the runner (libs/platform/src/runner/audit.command.ts) on a real database. */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('tw_audit_command');
  for (let n = 1; n <= 7; n += 1) {
    await appendAudit(database.db.sql, {
      actor: { id: n % 2 === 0 ? 'ann' : 'bob', role: 'operator' },
      action: n === 7 ? 'user.create' : 'transaction.complete',
      entityType: n === 7 ? 'user' : 'transaction',
      entityId: `e-${n}`,
      terminalId: 'T-01',
      after: { n, pin: '0000' },
    });
  }
});

afterAll(() => database?.drop());

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditCommand(args, { sql: database.db.sql, out: (l) => out.push(l), err: (l) => err.push(l), progressEveryMs: 0 });
  return { code, out, err };
}

describe('audit list', () => {
  it('prints matching entries newest first as JSON lines, and the cursor of the next page', async () => {
    const { code, out, err } = await run('list', '--action', 'transaction.', '--actor', 'bob', '--limit', '2');
    expect(code).toBe(0);
    const entries = out.map((line) => audit.auditEntry.parse(JSON.parse(line)));
    expect(entries.map((e) => e.id)).toEqual(['5', '3']);
    expect(entries[0]!.after).toEqual({ n: 5, pin: '[redacted]' });
    expect(err).toEqual(['More entries: --before 3']);
  });

  it('follows every page with --all', async () => {
    const { code, out, err } = await run('list', '--limit', '3', '--all', '--terminal', 'T-01');
    expect(code).toBe(0);
    expect(out.map((line) => (JSON.parse(line) as audit.AuditEntry).id)).toEqual(['7', '6', '5', '4', '3', '2', '1']);
    expect(err).toEqual([]);
  });

  it('refuses bad filters and unknown flags with the usage, exit 64', async () => {
    for (const args of [
      ['list', '--limit', '0'],
      ['list', '--from', 'yesterday'],
      ['list', '--colour', 'red'],
      ['list', 'extra'],
      ['erase'],
      [],
    ]) {
      const { code, err } = await run(...args);
      expect(code).toBe(USAGE_EXIT);
      expect(err.join('\n')).toContain('Usage: tillwire audit');
    }
    expect((await run('list', '--limit', '0')).err[0]).toMatch(/^--limit: /);
  });
});

describe('audit verify', () => {
  it('reports an intact chain with its head hash, and progress on the way', async () => {
    const { code, out, err } = await run('verify', '--batch-size', '3');
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^Audit chain intact: 7 entries through #7, head hash [0-9a-f]{64}$/)]);
    expect(err).toEqual(['verified 3 entries (through #3)…', 'verified 6 entries (through #6)…', 'verified 7 entries (through #7)…']);
    const json = await run('verify', '--json');
    expect(audit.auditVerification.parse(JSON.parse(json.out[0]!))).toMatchObject({ ok: true, checked: 7, lastId: '7' });
  });

  it('names the first broken link and exits 2 once an entry was changed', async () => {
    await database.db.sql.exec(`
      ALTER TABLE platform.audit_log DISABLE TRIGGER audit_log_append_only;
      UPDATE platform.audit_log SET entity_id = 'e-forged' WHERE id = 4;
      ALTER TABLE platform.audit_log ENABLE TRIGGER audit_log_append_only;`);
    const { code, out } = await run('verify');
    expect(code).toBe(AUDIT_BROKEN_EXIT);
    expect(out).toEqual(["Audit chain BROKEN at entry #4 (hash_mismatch): Entry 4's content does not match its hash. 3 entries before it verified."]);
    const json = await run('verify', '--json');
    expect(JSON.parse(json.out[0]!)).toEqual({ ok: false, checked: 3, firstBroken: { id: '4', reason: 'hash_mismatch', message: expect.any(String) } });
  });

  it('prints the usage when asked', async () => {
    const { code, out } = await run('--help');
    expect([code, out[0]]).toEqual([0, expect.stringContaining('Usage: tillwire audit')]);
  });

  it('refuses a bad batch size', async () => {
    expect((await run('verify', '--batch-size', '0')).code).toBe(USAGE_EXIT);
  });
});
