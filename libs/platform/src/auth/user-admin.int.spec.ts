import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { verifyAccessToken } from './access-token';
import type { AuthDeps, TerminalPorts } from './auth-deps';
import { testAuthDeps } from './auth-deps.fixtures';
import { loginWithPassword, loginWithPin } from './login.use-case';
import { refreshSession } from './session.use-cases';
import {
  createUser,
  getUser,
  issueAccessToken,
  listUsers,
  setPassword,
  setPin,
  setRoles,
} from './user-admin.use-cases';

let database: TestDatabase;
let deps: AuthDeps;
const clock = new Date('2026-11-21T09:00:00Z');
const key = createSecretKey(Buffer.from('admin-test-key-'.padEnd(40, 'x')));
const PASSWORD = 'a long enough password';
const ports: TerminalPorts = { terminalDepartment: async (id) => ({ T1: 'GROCERY', T3: 'HOME' })[id] ?? null };
const departments = { departmentExists: async (code: string) => ['GROCERY', 'HOME'].includes(code) };

beforeAll(async () => {
  database = await createTestDatabase('tw_auth_admin');
  deps = testAuthDeps(database.db.sql, key, () => clock);
});

afterAll(async () => {
  await database?.drop();
});

describe('createUser', () => {
  it('creates a user and answers it without its hashes', async () => {
    const created = await createUser(deps, departments, {
      username: 'Op.One',
      displayName: 'Operator One',
      roles: ['operator'],
      departmentCode: 'GROCERY',
      pin: '123456',
    });
    expect(created).toEqual({
      ok: true,
      value: {
        id: expect.any(String),
        username: 'op.one',
        displayName: 'Operator One',
        roles: ['operator'],
        departmentCode: 'GROCERY',
        active: true,
        hasPassword: false,
        hasPin: true,
        failedAttempts: 0,
        lockedUntil: null,
        createdAt: clock.toISOString(),
        updatedAt: clock.toISOString(),
      },
    });
    const [row] = await database.db.sql.query<{ pin: string }>("SELECT pin_hash AS pin FROM platform.users WHERE username = 'op.one'");
    expect(row!.pin).toMatch(/^\$scrypt\$/);
    expect(row!.pin).not.toContain('123456');
  });

  it('refuses what the rules forbid, naming the field', async () => {
    const base = { username: 'rules', displayName: 'Rules' };
    const refusals = [
      [{ ...base, roles: ['admin'], password: 'short' }, 'password'],
      [{ ...base, roles: ['operator'], pin: '1234' }, 'departmentCode'],
      [{ ...base, roles: ['admin'], departmentCode: 'GROCERY', password: PASSWORD }, 'departmentCode'],
      [{ ...base, roles: ['finance'], pin: '1234', password: PASSWORD }, 'pin'],
      [{ ...base, roles: ['operator'], departmentCode: 'GROCERY', pin: '12' }, 'pin'],
      [{ ...base, roles: ['operator'], departmentCode: 'GROCERY', pin: '123456789' }, 'pin'],
      [{ ...base, roles: ['admin'] }, 'password'],
      [{ ...base, roles: [], password: PASSWORD }, 'roles'],
      [{ ...base, roles: ['root'], password: PASSWORD }, 'roles.0'],
      [{ ...base, roles: ['operator'], departmentCode: 'TOYS', pin: '1234' }, 'departmentCode'],
      [{ ...base, username: 'no spaces', roles: ['admin'], password: PASSWORD }, 'username'],
    ] as const;
    for (const [request, field] of refusals) {
      const result = await createUser(deps, departments, request as never);
      expect(result, JSON.stringify(request)).toMatchObject({ ok: false, failure: { code: 'validation_failed', field } });
    }
    expect(await getUser(deps, { username: 'rules' })).toMatchObject({ ok: false, failure: { code: 'not_found' } });
  });

  it('refuses a username that is taken, whatever its case', async () => {
    await createUser(deps, departments, { username: 'taken', displayName: 'A', roles: ['admin'], password: PASSWORD });
    expect(await createUser(deps, departments, { username: 'TAKEN', displayName: 'B', roles: ['finance'], password: PASSWORD })).toEqual({
      ok: false,
      failure: { code: 'already_exists', username: 'taken' },
    });
  });
});

describe('user changes', () => {
  it('lists users by username, filtered by role', async () => {
    await createUser(deps, departments, { username: 'fin', displayName: 'Fin', roles: ['finance'], password: PASSWORD });
    const all = await listUsers(deps, {});
    const names = all.ok ? all.value.map((u) => u.username) : [];
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['fin', 'op.one', 'taken']));
    const finance = await listUsers(deps, { role: 'finance' });
    expect(finance.ok && finance.value.map((u) => u.username)).toEqual(['fin']);
  });

  it('sets a password by the rules, answering before and after, and revokes the user\'s refresh tokens', async () => {
    const session = await loginWithPassword(deps, { username: 'fin', password: PASSWORD });
    expect(await setPassword(deps, { username: 'fin' }, 'too short')).toMatchObject({ ok: false, failure: { code: 'validation_failed', field: 'password' } });
    const changed = await setPassword(deps, { username: 'fin' }, 'another long password');
    expect(changed).toMatchObject({ ok: true, value: { before: { username: 'fin', hasPassword: true }, after: { username: 'fin' } } });
    expect(await loginWithPassword(deps, { username: 'fin', password: PASSWORD })).toMatchObject({ ok: false });
    expect((await loginWithPassword(deps, { username: 'fin', password: 'another long password' })).ok).toBe(true);
    expect(session.ok && (await refreshSession(deps, ports, session.value.refreshToken))).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });
    expect(await setPassword(deps, { username: 'nobody' }, PASSWORD)).toEqual({ ok: false, failure: { code: 'not_found', username: 'nobody' } });
    expect(await setPassword(deps, { id: '00000000-0000-4000-8000-000000000000' }, PASSWORD)).toMatchObject({ ok: false, failure: { code: 'not_found' } });
    expect(await setPassword(deps, { id: 'not-a-uuid' }, PASSWORD)).toMatchObject({ ok: false, failure: { code: 'not_found' } });
  });

  it('sets a PIN for operators and supervisors only', async () => {
    expect(await setPin(deps, { username: 'fin' }, '1234')).toMatchObject({ ok: false, failure: { code: 'validation_failed', field: 'pin' } });
    expect(await setPin(deps, { username: 'op.one' }, '12ab')).toMatchObject({ ok: false, failure: { code: 'validation_failed' } });
    expect((await setPin(deps, { username: 'op.one' }, '7777')).ok).toBe(true);
    expect((await loginWithPin(deps, ports, { terminalId: 'T1', username: 'op.one', pin: '7777' })).ok).toBe(true);
  });

  it('sets roles: a terminal role needs a department; dropping the terminal roles drops department and PIN', async () => {
    expect(await setRoles(deps, departments, { username: 'fin' }, { roles: ['finance', 'supervisor'] })).toMatchObject({
      ok: false,
      failure: { code: 'validation_failed', field: 'departmentCode' },
    });
    const moved = await setRoles(deps, departments, { username: 'op.one' }, { roles: ['operator', 'supervisor'], departmentCode: 'HOME' });
    expect(moved).toMatchObject({
      ok: true,
      value: { before: { roles: ['operator'], departmentCode: 'GROCERY' }, after: { roles: ['operator', 'supervisor'], departmentCode: 'HOME' } },
    });
    expect((await loginWithPin(deps, ports, { terminalId: 'T3', username: 'op.one', pin: '7777' })).ok).toBe(true);
    const kept = await setRoles(deps, departments, { username: 'op.one' }, { roles: ['supervisor'] });
    expect(kept).toMatchObject({ ok: true, value: { after: { roles: ['supervisor'], departmentCode: 'HOME', hasPin: true } } });
    const dropped = await setRoles(deps, departments, { username: 'op.one' }, { roles: ['finance'] });
    expect(dropped).toMatchObject({ ok: true, value: { after: { roles: ['finance'], departmentCode: null, hasPin: false } } });
    expect(await setRoles(deps, departments, { username: 'fin' }, { roles: ['admin'], departmentCode: 'HOME' })).toMatchObject({
      ok: false,
      failure: { code: 'validation_failed', field: 'departmentCode' },
    });
  });
});

describe('issueAccessToken', () => {
  beforeAll(async () => {
    await createUser(deps, departments, { username: 'loadtest', displayName: 'k6', roles: ['operator'], departmentCode: 'GROCERY', pin: '0000' });
  });

  it('issues an access token with the chosen lifetime, up to 24 h, and no refresh token', async () => {
    const issued = await issueAccessToken(deps, ports, { username: 'fin' }, { ttlSeconds: 86_400 });
    expect(issued).toEqual({ ok: true, value: { accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 86_400 } });
    const claims = issued.ok ? verifyAccessToken(key, issued.value.accessToken, clock) : undefined;
    expect(claims).toMatchObject({ ok: true, claims: { username: 'fin', exp: clock.getTime() / 1000 + 86_400 } });
    expect(await issueAccessToken(deps, ports, { username: 'fin' }, { ttlSeconds: 86_401 })).toMatchObject({
      ok: false,
      failure: { code: 'validation_failed', field: 'ttlSeconds' },
    });
    const defaults = await issueAccessToken(deps, ports, { username: 'fin' }, {});
    expect(defaults).toMatchObject({ ok: true, value: { expiresIn: 3_600 } });
  });

  it('binds a token to a terminal of the user\'s department only', async () => {
    const bound = await issueAccessToken(deps, ports, { username: 'loadtest' }, { terminalId: 'T1' });
    expect(bound.ok && verifyAccessToken(key, bound.value.accessToken, clock)).toMatchObject({
      ok: true,
      claims: { roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' },
    });
    expect(await issueAccessToken(deps, ports, { username: 'loadtest' }, { terminalId: 'T3' })).toEqual({
      ok: false,
      failure: { code: 'forbidden', reason: 'wrong_department', terminalId: 'T3' },
    });
    expect(await issueAccessToken(deps, ports, { username: 'fin' }, { terminalId: 'T1' })).toMatchObject({
      ok: false,
      failure: { code: 'forbidden', reason: 'not_terminal_role' },
    });
  });
});
