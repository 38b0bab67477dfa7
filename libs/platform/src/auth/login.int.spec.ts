import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { verifyAccessToken } from './access-token';
import type { AuthDeps, TerminalPorts } from './auth-deps';
import { testAuthDeps } from './auth-deps.fixtures';
import { login, loginWithPassword, loginWithPin } from './login.use-case';
import { refreshTokenHash } from './refresh-token';
import { hashSecret } from './secret-hash';
import { activateUser, createUser, deactivateUser, getUser, unlockUser } from './user-admin.use-cases';

let database: TestDatabase;
let deps: AuthDeps;
let clock = new Date('2026-11-21T09:00:00Z');
const key = createSecretKey(Buffer.from('login-test-key-'.padEnd(40, 'x')));
const PASSWORD = 'a long enough password';
const terminals: Record<string, string> = { T1: 'GROCERY', T3: 'HOME' };
const ports: TerminalPorts = { terminalDepartment: async (id) => terminals[id] ?? null };
const departments = { departmentExists: async (code: string) => ['GROCERY', 'HOME'].includes(code) };
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

async function newUser(username: string, extra: Partial<Parameters<typeof createUser>[2]> = {}) {
  const created = await createUser(deps, departments, { username, displayName: username, roles: ['admin'], password: PASSWORD, ...extra });
  if (!created.ok) throw new Error(JSON.stringify(created.failure));
  return created.value;
}

beforeAll(async () => {
  database = await createTestDatabase('tw_auth_login');
  deps = testAuthDeps(database.db.sql, key, () => clock, { maxFailedAttempts: 3 });
});

afterAll(async () => {
  await database?.drop();
});

describe('password sign-in', () => {
  it('answers a bearer access token with the user\'s claims and a refresh token stored only as its hash', async () => {
    const user = await newUser('ada', { roles: ['admin', 'finance'], displayName: 'Ada Lovelace' });
    const result = await loginWithPassword(deps, { username: 'ada', password: PASSWORD });
    if (!result.ok) throw new Error(JSON.stringify(result.failure));
    const session = result.value;
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: user.id, username: 'ada', displayName: 'Ada Lovelace', roles: ['admin', 'finance'] },
    });
    expect(session.user).not.toHaveProperty('terminalId');
    const verified = verifyAccessToken(key, session.accessToken, clock);
    expect(verified).toMatchObject({ ok: true, claims: { sub: user.id, username: 'ada', roles: ['admin', 'finance'] } });
    const rows = await database.db.sql.query<Record<string, unknown>>('SELECT * FROM platform.refresh_tokens WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token_hash: refreshTokenHash(session.refreshToken), revoked_at: null });
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
    expect((rows[0]!.expires_at as Date).getTime() - clock.getTime()).toBe(43_200_000);
  });

  it('answers an unknown user and a wrong password alike, in similar time', async () => {
    await newUser('grace');
    const timed = async (username: string) => {
      const started = performance.now();
      const result = await loginWithPassword(deps, { username, password: 'not the password' });
      return { result, ms: performance.now() - started };
    };
    await timed('nobody-warm-up');
    const unknown = await timed('nobody');
    const wrong = await timed('grace');
    expect(unknown.result).toEqual({ ok: false, failure: { code: 'invalid_credentials' } });
    expect(wrong.result).toEqual(unknown.result);
    // Both spend one scrypt verification; a missing one would answer an unknown user in well under a tenth.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 4);
    await unlockUser(deps, { username: 'grace' });
  });

  it('stores usernames lower-case and signs in whatever their case', async () => {
    await newUser('Hopper');
    expect((await login(deps, ports, { username: 'hopper', password: PASSWORD })).ok).toBe(true);
    expect((await getUser(deps, { username: 'HOPPER' })).ok).toBe(true);
  });
});

describe('lockout', () => {
  it('locks after the configured failures in a row, even against the right password, until an admin unlocks', async () => {
    await newUser('locked');
    const wrong = () => loginWithPassword(deps, { username: 'locked', password: 'wrong password!' });
    expect(await wrong()).toEqual({ ok: false, failure: { code: 'invalid_credentials' } });
    expect(await wrong()).toEqual({ ok: false, failure: { code: 'invalid_credentials' } });
    const lockedUntil = new Date(clock.getTime() + 900_000);
    expect(await wrong()).toEqual({ ok: false, failure: { code: 'account_locked', lockedUntil } });
    expect(await loginWithPassword(deps, { username: 'locked', password: PASSWORD })).toEqual({
      ok: false,
      failure: { code: 'account_locked', lockedUntil },
    });
    expect(await getUser(deps, { username: 'locked' })).toMatchObject({ ok: true, value: { lockedUntil: lockedUntil.toISOString() } });

    const unlocked = await unlockUser(deps, { username: 'locked' });
    expect(unlocked).toMatchObject({ ok: true, value: { before: { lockedUntil: lockedUntil.toISOString() }, after: { lockedUntil: null, failedAttempts: 0 } } });
    expect((await loginWithPassword(deps, { username: 'locked', password: PASSWORD })).ok).toBe(true);
  });

  it('lifts the lock when its time has passed', async () => {
    await newUser('patient');
    for (let i = 0; i < 3; i++) await loginWithPassword(deps, { username: 'patient', password: 'wrong password!' });
    advance(899);
    expect(await loginWithPassword(deps, { username: 'patient', password: PASSWORD })).toMatchObject({ ok: false, failure: { code: 'account_locked' } });
    advance(1);
    expect((await loginWithPassword(deps, { username: 'patient', password: PASSWORD })).ok).toBe(true);
  });

  it('counts consecutive failures only: a success starts the count again', async () => {
    await newUser('forgetful');
    const attempt = (password: string) => loginWithPassword(deps, { username: 'forgetful', password });
    await attempt('wrong password!');
    await attempt('wrong password!');
    expect((await attempt(PASSWORD)).ok).toBe(true);
    await attempt('wrong password!');
    expect(await attempt('wrong password!')).toEqual({ ok: false, failure: { code: 'invalid_credentials' } });
    expect((await attempt(PASSWORD)).ok).toBe(true);
  });

  it('counts concurrent failures without losing any', async () => {
    await newUser('hammered');
    const results = await Promise.all(
      Array.from({ length: 6 }, () => loginWithPassword(deps, { username: 'hammered', password: 'wrong password!' })),
    );
    expect(results.filter((r) => !r.ok && r.failure.code === 'account_locked').length).toBeGreaterThanOrEqual(1);
    expect(await loginWithPassword(deps, { username: 'hammered', password: PASSWORD })).toMatchObject({
      ok: false,
      failure: { code: 'account_locked' },
    });
  });

  it('upgrades a hash made with older parameters on the next successful sign-in', async () => {
    const user = await newUser('veteran');
    await database.db.sql.execute('UPDATE platform.users SET password_hash = $2 WHERE id = $1', [
      user.id,
      await hashSecret(PASSWORD, { ln: 14, r: 8, p: 1 }),
    ]);
    expect((await loginWithPassword(deps, { username: 'veteran', password: PASSWORD })).ok).toBe(true);
    const [row] = await database.db.sql.query<{ hash: string }>('SELECT password_hash AS hash FROM platform.users WHERE id = $1', [user.id]);
    expect(row!.hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
    expect((await loginWithPassword(deps, { username: 'veteran', password: PASSWORD })).ok).toBe(true);
  });
});

describe('PIN sign-in at a terminal', () => {
  beforeAll(async () => {
    await newUser('op-grocery', { roles: ['operator'], departmentCode: 'GROCERY', password: undefined, pin: '4321' });
    await newUser('sup-admin', { roles: ['supervisor', 'admin'], departmentCode: 'HOME', pin: '987654' });
  });

  it('opens a session bound to the terminal and the department', async () => {
    const result = await loginWithPin(deps, ports, { terminalId: 'T1', username: 'op-grocery', pin: '4321' });
    if (!result.ok) throw new Error(JSON.stringify(result.failure));
    expect(result.value.user).toMatchObject({ username: 'op-grocery', roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' });
    expect(verifyAccessToken(key, result.value.accessToken, clock)).toMatchObject({
      ok: true,
      claims: { roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' },
    });
    expect(result.value.refreshToken).toMatch(/\.T1$/);
  });

  it('refuses the right PIN at a terminal of another department, without counting it as a failure', async () => {
    for (let i = 0; i < 4; i++) {
      expect(await loginWithPin(deps, ports, { terminalId: 'T3', username: 'op-grocery', pin: '4321' })).toEqual({
        ok: false,
        failure: { code: 'forbidden', reason: 'wrong_department', terminalId: 'T3' },
      });
    }
    expect((await loginWithPin(deps, ports, { terminalId: 'T1', username: 'op-grocery', pin: '4321' })).ok).toBe(true);
  });

  it('answers a wrong PIN as invalid credentials, and an unregistered terminal as bad input', async () => {
    expect(await loginWithPin(deps, ports, { terminalId: 'T1', username: 'op-grocery', pin: '1234' })).toEqual({
      ok: false,
      failure: { code: 'invalid_credentials' },
    });
    expect(await loginWithPin(deps, ports, { terminalId: 'T9', username: 'op-grocery', pin: '4321' })).toMatchObject({
      ok: false,
      failure: { code: 'validation_failed', field: 'terminalId' },
    });
    expect((await loginWithPin(deps, ports, { terminalId: 'T1', username: 'op-grocery', pin: '4321' })).ok).toBe(true);
  });

  it('gives a PIN session only the terminal roles, never admin', async () => {
    const result = await loginWithPin(deps, ports, { terminalId: 'T3', username: 'sup-admin', pin: '987654' });
    expect(result).toMatchObject({ ok: true, value: { user: { roles: ['supervisor'], terminalId: 'T3', departmentCode: 'HOME' } } });
    const withPassword = await loginWithPassword(deps, { username: 'sup-admin', password: PASSWORD });
    expect(withPassword).toMatchObject({ ok: true, value: { user: { roles: ['supervisor', 'admin'] } } });
  });

  it('does not let a user without a PIN or without a terminal role sign in at a terminal', async () => {
    await newUser('no-pin-admin');
    expect(await loginWithPin(deps, ports, { terminalId: 'T1', username: 'no-pin-admin', pin: '0000' })).toEqual({
      ok: false,
      failure: { code: 'invalid_credentials' },
    });
    expect(await loginWithPassword(deps, { username: 'op-grocery', password: '4321' })).toEqual({
      ok: false,
      failure: { code: 'invalid_credentials' },
    });
    await unlockUser(deps, { username: 'op-grocery' });
  });
});

describe('inactive users', () => {
  it('cannot sign in, even with the right secret, and may again once activated', async () => {
    await newUser('leaver');
    await deactivateUser(deps, { username: 'leaver' });
    expect(await loginWithPassword(deps, { username: 'leaver', password: PASSWORD })).toEqual({
      ok: false,
      failure: { code: 'invalid_credentials' },
    });
    await activateUser(deps, { username: 'leaver' });
    expect((await loginWithPassword(deps, { username: 'leaver', password: PASSWORD })).ok).toBe(true);
  });
});
