import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { verifyAccessToken } from './access-token';
import type { AuthDeps, TerminalPorts } from './auth-deps';
import { testAuthDeps } from './auth-deps.fixtures';
import { loginWithPassword, loginWithPin } from './login.use-case';
import { logout, purgeExpiredRefreshTokens, refreshSession } from './session.use-cases';
import { createUser, deactivateUser, setRoles } from './user-admin.use-cases';

let database: TestDatabase;
let deps: AuthDeps;
let clock = new Date('2026-11-21T09:00:00Z');
const key = createSecretKey(Buffer.from('session-test-key-'.padEnd(40, 'x')));
const PASSWORD = 'a long enough password';
const terminals: Record<string, string> = { T1: 'GROCERY', T2: 'GROCERY', T3: 'HOME' };
const ports: TerminalPorts = { terminalDepartment: async (id) => terminals[id] ?? null };
const departments = { departmentExists: async (code: string) => ['GROCERY', 'HOME'].includes(code) };
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));

async function signedIn(username: string, roles: ('admin' | 'finance' | 'operator' | 'supervisor')[] = ['admin']) {
  const created = await createUser(deps, departments, {
    username,
    displayName: username,
    roles,
    password: PASSWORD,
    ...(roles.includes('operator') ? { departmentCode: 'GROCERY', pin: '2468' } : {}),
  });
  if (!created.ok) throw new Error(JSON.stringify(created.failure));
  const session = await loginWithPassword(deps, { username, password: PASSWORD });
  if (!session.ok) throw new Error(JSON.stringify(session.failure));
  return session.value;
}

const liveTokens = async (userId: string) =>
  (await database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM platform.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [userId]))[0]!.n;

beforeAll(async () => {
  database = await createTestDatabase('tw_auth_session');
  deps = testAuthDeps(database.db.sql, key, () => clock);
});

afterAll(async () => {
  await database?.drop();
});

describe('refresh', () => {
  it('rotates: the old refresh token is spent, a new pair comes back', async () => {
    const first = await signedIn('rotor');
    advance(60);
    const second = await refreshSession(deps, ports, first.refreshToken);
    if (!second.ok) throw new Error(JSON.stringify(second.failure));
    expect(second.value.refreshToken).not.toBe(first.refreshToken);
    expect(second.value.accessToken).not.toBe(first.accessToken);
    expect(second.value.user).toEqual(first.user);
    expect(verifyAccessToken(key, second.value.accessToken, clock)).toMatchObject({ ok: true, claims: { sub: first.user.id } });
    expect(await liveTokens(first.user.id)).toBe(1);
    const third = await refreshSession(deps, ports, second.value.refreshToken);
    expect(third.ok).toBe(true);
  });

  it('takes a spent token presented again as stolen: every refresh token of the user is revoked', async () => {
    const first = await signedIn('victim');
    const otherDevice = await loginWithPassword(deps, { username: 'victim', password: PASSWORD });
    const rotated = await refreshSession(deps, ports, first.refreshToken);
    if (!rotated.ok || !otherDevice.ok) throw new Error('setup');
    expect(await refreshSession(deps, ports, first.refreshToken)).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'revoked' } });
    expect(await liveTokens(first.user.id)).toBe(0);
    expect(await refreshSession(deps, ports, rotated.value.refreshToken)).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });
    expect(await refreshSession(deps, ports, otherDevice.value.refreshToken)).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });
  });

  it('lets at most one of concurrent refreshes with one token succeed', async () => {
    const session = await signedIn('racer');
    const results = await Promise.all(Array.from({ length: 8 }, () => refreshSession(deps, ports, session.refreshToken)));
    // The first to lock the token's row spends it; the others find it spent.
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    for (const result of results) if (!result.ok) expect(result.failure).toMatchObject({ code: 'token_invalid' });
    // The losers presented a spent token: reuse detection revoked the winner's new one too.
    expect(await liveTokens(session.user.id)).toBe(0);
    const [issued] = await database.db.sql.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM platform.refresh_tokens WHERE user_id = $1',
      [session.user.id],
    );
    expect(issued?.n).toBe(2);
  });

  it('refuses unknown and malformed tokens, and an expired one as expired', async () => {
    const session = await signedIn('sleeper');
    expect(await refreshSession(deps, ports, 'A'.repeat(43))).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'unknown' } });
    expect(await refreshSession(deps, ports, 'not a token')).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'malformed' } });
    advance(43_200);
    expect(await refreshSession(deps, ports, session.refreshToken)).toEqual({ ok: false, failure: { code: 'token_expired' } });
    advance(1);
    expect(await purgeExpiredRefreshTokens(deps)).toBeGreaterThanOrEqual(1);
    expect(await refreshSession(deps, ports, session.refreshToken)).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'unknown' } });
  });

  it('refuses an inactive user and revokes their tokens', async () => {
    const session = await signedIn('gone');
    const other = await loginWithPassword(deps, { username: 'gone', password: PASSWORD });
    // Deactivation revokes at once; a token revoked that way is refused like any other.
    await deactivateUser(deps, { username: 'gone' });
    expect(await refreshSession(deps, ports, session.refreshToken)).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });
    expect(other.ok && (await refreshSession(deps, ports, other.value.refreshToken))).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });
    expect(await liveTokens(session.user.id)).toBe(0);
  });

  it('refuses an inactive user even when a live token slipped past deactivation', async () => {
    const session = await signedIn('slipped');
    await database.db.sql.execute('UPDATE platform.users SET active = false WHERE id = $1', [session.user.id]);
    expect(await refreshSession(deps, ports, session.refreshToken)).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'inactive' } });
  });

  it('carries the roles the user has now', async () => {
    const session = await signedIn('promoted', ['finance']);
    await setRoles(deps, departments, { username: 'promoted' }, { roles: ['finance', 'admin'] });
    const refreshed = await refreshSession(deps, ports, session.refreshToken);
    expect(refreshed).toMatchObject({ ok: true, value: { user: { roles: ['admin', 'finance'] } } });
  });

  it('keeps a terminal session bound to its terminal, while that terminal stays in the user\'s department', async () => {
    await signedIn('till-op', ['operator']);
    const pinSession = await loginWithPin(deps, ports, { terminalId: 'T2', username: 'till-op', pin: '2468' });
    if (!pinSession.ok) throw new Error(JSON.stringify(pinSession.failure));
    const refreshed = await refreshSession(deps, ports, pinSession.value.refreshToken);
    if (!refreshed.ok) throw new Error(JSON.stringify(refreshed.failure));
    expect(refreshed.value.user).toMatchObject({ terminalId: 'T2', departmentCode: 'GROCERY', roles: ['operator'] });
    expect(verifyAccessToken(key, refreshed.value.accessToken, clock)).toMatchObject({ ok: true, claims: { terminalId: 'T2' } });

    terminals.T2 = 'HOME';
    expect(await refreshSession(deps, ports, refreshed.value.refreshToken)).toEqual({
      ok: false,
      failure: { code: 'forbidden', reason: 'wrong_department', terminalId: 'T2' },
    });
    terminals.T2 = 'GROCERY';
  });

  it('cannot move a terminal session to another terminal by editing its refresh token', async () => {
    const pinSession = await loginWithPin(deps, ports, { terminalId: 'T1', username: 'till-op', pin: '2468' });
    if (!pinSession.ok) throw new Error(JSON.stringify(pinSession.failure));
    const moved = pinSession.value.refreshToken.replace(/\.T1$/, '.T2');
    expect(await refreshSession(deps, ports, moved)).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'unknown' } });
  });
});

describe('logout', () => {
  it('revokes the refresh token; a later refresh with it fails; logging out twice is harmless', async () => {
    const session = await signedIn('leaving');
    const other = await loginWithPassword(deps, { username: 'leaving', password: PASSWORD });
    await logout(deps, session.refreshToken);
    await logout(deps, session.refreshToken);
    await logout(deps, 'never issued');
    expect(await liveTokens(session.user.id)).toBe(1);
    expect(await refreshSession(deps, ports, session.refreshToken)).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });
    // Presenting the logged-out token again is reuse: the other session goes too.
    expect(other.ok && (await refreshSession(deps, ports, other.value.refreshToken))).toMatchObject({ ok: false });
  });
});
