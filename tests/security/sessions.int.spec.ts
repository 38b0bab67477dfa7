import { randomUUID } from 'node:crypto';
import { deactivateUser, setPassword, signAccessToken } from '@tillwire/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import { waitFor } from '../support/processes';
import { authDeps, claimsOf, createTestUser, expectError, rawRequest, TEST_KEY, type RawAnswer } from './security-world';

/**
 * Sessions over HTTP: lockout after AUTH_MAX_FAILED_ATTEMPTS, expired and forged access tokens,
 * refresh rotation with reuse detection, sign-out, and PIN sign-in bound to the terminal's department.
 */

const MAX_FAILED = 3;
const ACCESS_SECONDS = 120;
/** How often the API reads which sessions were ended. */
const SESSION_CHECK_SECONDS = 1;
const PASSWORD = 'sessions password 1';

interface Tokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; roles: string[]; terminalId?: string; departmentCode?: string };
}

let api: CheckoutPlatform;

function post(path: string, body: unknown): Promise<RawAnswer> {
  return rawRequest(api.base, { method: 'POST', path, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function get(path: string, token: string): Promise<RawAnswer> {
  return rawRequest(api.base, { method: 'GET', path, headers: { Authorization: `Bearer ${token}` } });
}

async function login(body: object): Promise<Tokens> {
  const answer = await post('/auth/login', body);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text) as Tokens;
}

async function refresh(refreshToken: string): Promise<RawAnswer> {
  return post('/auth/refresh', { refreshToken });
}

const expectUnauthorized = (answer: RawAnswer, code: string, what = '') => {
  expectError(answer, 401, code, what);
  expect(answer.headers['www-authenticate'], what).toBe('Bearer');
};

/** Whatever the error, no session came back. */
const expectNoSession = (...answers: RawAnswer[]) => {
  for (const answer of answers) {
    expect(answer.status, answer.text).toBeGreaterThanOrEqual(400);
    expect(answer.text).not.toMatch(/accessToken|refreshToken/);
  }
};

const sql = () => api.node.database.db.sql;

async function user(username: string, extra: object = {}) {
  return createTestUser(api, { username, displayName: username, roles: ['finance'], password: PASSWORD, ...extra });
}

beforeAll(async () => {
  api = await startCheckoutPlatform({
    AUTH_MAX_FAILED_ATTEMPTS: String(MAX_FAILED),
    AUTH_LOCKOUT_SECONDS: '900',
    AUTH_ACCESS_TOKEN_SECONDS: String(ACCESS_SECONDS),
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    AUTH_SESSION_CHECK_SECONDS: String(SESSION_CHECK_SECONDS),
  });
}, 120_000);
afterAll(() => api?.stop());

describe('sign-in with a password', () => {
  it('answers a short-lived access token that names the user', async () => {
    const created = await user('signs-in');
    const session = await login({ username: 'signs-in', password: PASSWORD });
    expect(session.expiresIn).toBe(ACCESS_SECONDS);
    const claims = claimsOf(session.accessToken) as ReturnType<typeof claimsOf> & { iat: number; exp: number };
    expect({ sub: claims.sub, lifetime: claims.exp - claims.iat }).toEqual({ sub: created.id, lifetime: ACCESS_SECONDS });
    const me = await get('/auth/me', session.accessToken);
    expect(me.status, me.text).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ userId: created.id, username: 'signs-in', roles: ['finance'] });
  });

  it('does not say whether a username exists', async () => {
    await user('exists');
    const known = await post('/auth/login', { username: 'exists', password: 'a wrong password' });
    const unknown = await post('/auth/login', { username: 'does-not-exist', password: 'a wrong password' });
    expectNoSession(known, unknown);
    expect({ status: known.status, text: known.text }).toEqual({ status: unknown.status, text: unknown.text });
    expectUnauthorized(known, 'invalid_credentials');
  });

  it(`locks the account after ${MAX_FAILED} failures in a row, even for the right password`, async () => {
    await user('locks-out');
    await user('bystander');
    const failures: RawAnswer[] = [];
    for (let attempt = 1; attempt <= MAX_FAILED; attempt++) failures.push(await post('/auth/login', { username: 'locks-out', password: `wrong ${attempt}` }));
    const rightPassword = await post('/auth/login', { username: 'locks-out', password: PASSWORD });
    expectNoSession(...failures, rightPassword);
    const [row] = await sql().query<{ locked_until: Date | null }>("SELECT locked_until FROM platform.users WHERE username = 'locks-out'");
    expect(row?.locked_until?.getTime()).toBeGreaterThan(Date.now() + 800_000);
    // Only that account.
    await login({ username: 'bystander', password: PASSWORD });

    failures.slice(0, -1).forEach((answer, i) => expectUnauthorized(answer, 'invalid_credentials', `attempt ${i + 1}`));
    expect(failures.at(-1)!.status).toBe(401);
    const locked = expectError(rightPassword, 401, 'account_locked', 'the right password');
    expect(Date.parse(String(locked.details?.lockedUntil))).toBeGreaterThan(Date.now() + 800_000);
  });
});

describe('access tokens', () => {
  const subject = { sub: randomUUID(), username: 'someone', roles: ['admin' as const] };

  it('refuses one that has expired (401 token_expired)', async () => {
    const expired = signAccessToken(TEST_KEY, subject, { ttlSeconds: 60, now: new Date(Date.now() - 10 * 60_000) }).token;
    expectUnauthorized(await get('/auth/me', expired), 'token_expired');
    expectUnauthorized(await get('/admin/audit', expired), 'token_expired');
  });

  it('refuses one signed in the future (401 token_invalid)', async () => {
    const early = signAccessToken(TEST_KEY, subject, { ttlSeconds: 600, now: new Date(Date.now() + 10 * 60_000) }).token;
    expectUnauthorized(await get('/auth/me', early), 'token_invalid');
  });

  it('refuses a tampered one: a changed payload character, or roles raised with the old signature', async () => {
    await user('tamperer');
    const { accessToken } = await login({ username: 'tamperer', password: PASSWORD });
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    expect((await get('/auth/me', accessToken)).status).toBe(200);

    const middle = Math.floor(payload.length / 2);
    const flipped = `${payload.slice(0, middle)}${payload[middle] === 'A' ? 'B' : 'A'}${payload.slice(middle + 1)}`;
    expectUnauthorized(await get('/auth/me', `${header}.${flipped}.${signature}`), 'token_invalid', 'flipped character');

    const raised = { ...claimsOf(accessToken), roles: ['admin'] };
    const forged = `${header}.${Buffer.from(JSON.stringify(raised)).toString('base64url')}.${signature}`;
    expectUnauthorized(await get('/admin/audit', forged), 'token_invalid', 'raised roles');
  });
});

describe('refresh tokens', () => {
  it('rotate: a refresh answers a new pair, and the new access token works', async () => {
    const created = await user('rotates');
    const first = await login({ username: 'rotates', password: PASSWORD });
    const answer = await refresh(first.refreshToken);
    expect(answer.status, answer.text).toBe(200);
    const second = JSON.parse(answer.text) as Tokens;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(JSON.parse((await get('/auth/me', second.accessToken)).text)).toMatchObject({ userId: created.id });
  });

  it("are spent once: reusing one is refused and revokes every session of the user, the other device's too", async () => {
    const created = await user('reused');
    const phone = await login({ username: 'reused', password: PASSWORD });
    const laptop = await login({ username: 'reused', password: PASSWORD });
    const rotated = JSON.parse((await refresh(phone.refreshToken)).text) as Tokens;

    const reuse = await refresh(phone.refreshToken);
    const afterReuse = [await refresh(rotated.refreshToken), await refresh(laptop.refreshToken)];
    expectNoSession(reuse, ...afterReuse);
    const [live] = await sql().query<{ n: number }>('SELECT count(*)::int AS n FROM platform.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL', [created.id]);
    expect(live?.n).toBe(0);

    expectUnauthorized(reuse, 'token_invalid', 'the spent token again');
    expectUnauthorized(afterReuse[0]!, 'token_invalid', 'the token it was rotated into');
    expectUnauthorized(afterReuse[1]!, 'token_invalid', "the other device's token");
  });

  it('are revoked by sign-out (204), an unknown one too, silently', async () => {
    await user('signs-out');
    const session = await login({ username: 'signs-out', password: PASSWORD });
    expect((await post('/auth/logout', { refreshToken: session.refreshToken })).status).toBe(204);
    expect((await post('/auth/logout', { refreshToken: 'never-issued' })).status).toBe(204);
    const afterLogout = await refresh(session.refreshToken);
    expectNoSession(afterLogout);
    expectUnauthorized(afterLogout, 'token_invalid');
  });

  it('stop working for a deactivated user', async () => {
    await user('leaves');
    const session = await login({ username: 'leaves', password: PASSWORD });
    expect((await deactivateUser(authDeps(api), { username: 'leaves' })).ok).toBe(true);
    const refreshed = await refresh(session.refreshToken);
    const signedIn = await post('/auth/login', { username: 'leaves', password: PASSWORD });
    expectNoSession(refreshed, signedIn);
    expectUnauthorized(refreshed, 'token_invalid');
    expectUnauthorized(signedIn, 'invalid_credentials');
  });
});

describe('access tokens of ended sessions', () => {
  /** Waits for the next second: a token is refused when issued before the second its session ended. */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 5));

  /** The answer to `token` once it is refused, within a few session checks. */
  const refusedAnswer = (token: string) =>
    waitFor(async () => {
      const answer = await get('/auth/me', token);
      return answer.status === 401 ? answer : undefined;
    }, 5 * SESSION_CHECK_SECONDS * 1_000);

  it('are refused within AUTH_SESSION_CHECK_SECONDS once the user is deactivated', async () => {
    await user('walks-out');
    const session = await login({ username: 'walks-out', password: PASSWORD });
    expect((await get('/auth/me', session.accessToken)).status).toBe(200);
    await nextSecond();
    expect((await deactivateUser(authDeps(api), { username: 'walks-out' })).ok).toBe(true);
    const refused = await refusedAnswer(session.accessToken);
    expectUnauthorized(refused, 'token_invalid');
    expect(JSON.parse(refused.text).error.details).toEqual({ reason: 'session_ended' });
  });

  it('are refused after a new password, while a sign-in with it gets a token that works', async () => {
    await user('forgets');
    const before = await login({ username: 'forgets', password: PASSWORD });
    await nextSecond();
    const newPassword = 'sessions password 2';
    expect((await setPassword(authDeps(api), { username: 'forgets' }, newPassword)).ok).toBe(true);
    await refusedAnswer(before.accessToken);
    await nextSecond();
    const after = await login({ username: 'forgets', password: newPassword });
    expect((await get('/auth/me', after.accessToken)).status).toBe(200);
  });
});

describe('PIN sign-in at a terminal', () => {
  const PIN = '246810';

  it('is bound to that terminal, only in the terminal roles, and kept by a refresh', async () => {
    // An admin who also sells: the PIN must not open the admin rights.
    await createTestUser(api, { username: 'till-admin', displayName: 'Till admin', roles: ['admin', 'supervisor'], departmentCode: 'GROCERY', pin: PIN });
    const session = await login({ terminalId: 'T1', username: 'till-admin', pin: PIN });
    expect(session.user).toMatchObject({ roles: ['supervisor'], terminalId: 'T1', departmentCode: 'GROCERY' });
    expectError(await get('/admin/audit', session.accessToken), 403, 'forbidden');
    expect((await get('/pos/terminals/T1/shifts', session.accessToken)).status).toBe(200);
    expect(expectError(await get('/pos/terminals/T2/shifts', session.accessToken), 403, 'forbidden').details).toMatchObject({ reason: 'other_terminal' });

    const renewed = JSON.parse((await refresh(session.refreshToken)).text) as Tokens;
    expect(claimsOf(renewed.accessToken)).toMatchObject({ roles: ['supervisor'], terminalId: 'T1' });
  });

  it('is refused at a terminal of another department (403), and with a wrong PIN (401)', async () => {
    await createTestUser(api, { username: 'grocer', displayName: 'Grocer', roles: ['operator'], departmentCode: 'GROCERY', pin: PIN });
    await login({ terminalId: 'T2', username: 'grocer', pin: PIN });
    const elsewhere = await post('/auth/login', { terminalId: 'T3', username: 'grocer', pin: PIN });
    const wrongPin = await post('/auth/login', { terminalId: 'T1', username: 'grocer', pin: '135790' });
    expectNoSession(elsewhere, wrongPin);
    expectError(elsewhere, 403, 'forbidden', 'a HOME terminal');
    expectUnauthorized(wrongPin, 'invalid_credentials');
  });
});
