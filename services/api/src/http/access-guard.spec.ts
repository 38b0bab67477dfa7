import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { signAccessToken, type StoredResponse } from '@tillwire/platform';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccessGuard, type Admission } from './access-guard';
import { memoryRateLimitStore, RateLimiter, type RateLimitStore } from './rate-limiter';
import { defineRoute, type Route } from './route';

const key = createSecretKey(randomBytes(32));
const limits = { authPerIp: 3, writesPerUser: 2, writesPerIp: 4 };
const NOW = Date.parse('2026-11-22T10:00:45Z');

const route = (method: Route['method'], access: Route['access'], extra: Partial<Route> = {}): Route =>
  defineRoute({ id: 'r', method, path: '/r', summary: 'r', tag: 'Test', access, response: z.unknown(), status: 200, call: async () => ({}), ...extra } as Route);

const write = route('POST', 'pos.sell');
const read = route('GET', 'pos.read');
const signIn = route('POST', 'public', { signIn: true });

const bearer = (roles: ('operator' | 'finance')[], userId = randomUUID()) =>
  `Bearer ${signAccessToken(key, { sub: userId, username: 'u', roles }, { ttlSeconds: 600 }).token}`;

/** The memory store, recording the keys of each round trip. */
function recordingStore(): RateLimitStore & { trips: string[][] } {
  const store = memoryRateLimitStore();
  const trips: string[][] = [];
  return { trips, hitAll: (keys, windowMs, now) => (trips.push([...keys]), store.hitAll(keys, windowMs, now)), close: () => store.close() };
}

function guardOn(store: RateLimitStore, warnings: unknown[] = []) {
  return new AccessGuard({ ended: { revoked: () => false }, key, limiter: new RateLimiter(store, () => NOW), limits, log: { warn: (...args) => warnings.push(args) } });
}

const status = (admission: Admission) => (admission.ok ? 'ok' : admission.refusal.response.status);
const code = (response: StoredResponse) => (JSON.parse(response.body) as { error: { code: string } }).error.code;

describe('AccessGuard.admit', () => {
  it("counts a signed-in user's write against the IP and the user in one round trip; a read is not counted", async () => {
    const store = recordingStore();
    const guard = guardOn(store);
    const userId = randomUUID();
    expect(await guard.admit(write, bearer(['operator'], userId), '10.0.0.1')).toMatchObject({ ok: true, actor: { userId } });
    expect(await guard.admit(read, bearer(['operator'], userId), '10.0.0.1')).toMatchObject({ ok: true });
    expect(store.trips).toEqual([['writes:ip:10.0.0.1', `writes:user:${userId}`]]);
  });

  it("refuses the user's write past the user's limit from any IP, 429 with the rest of the minute in Retry-After", async () => {
    const guard = guardOn(recordingStore());
    const token = bearer(['operator']);
    const answers = [];
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) answers.push(await guard.admit(write, token, ip));
    expect(answers.map(status)).toEqual(['ok', 'ok', 429]);
    const refusal = (answers[2] as Extract<Admission, { ok: false }>).refusal;
    expect(code(refusal.response)).toBe('rate_limited');
    expect(refusal.headers).toEqual({ 'Retry-After': '15' });
  });

  it("refuses writes past the IP's limit whoever makes them, before looking at the token", async () => {
    const guard = guardOn(recordingStore());
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await guard.admit(write, bearer(['operator']), '10.0.0.1'));
    answers.push(await guard.admit(write, bearer(['operator']), '10.0.0.1'), await guard.admit(write, undefined, '10.0.0.1'));
    expect(answers.map(status)).toEqual(['ok', 'ok', 'ok', 'ok', 429, 429]);
    expect(status(await guard.admit(write, undefined, '10.0.0.2'))).toBe(401);
  });

  it('counts a write refused for its token or permission against the IP only', async () => {
    const store = recordingStore();
    const guard = guardOn(store);
    const finance = randomUUID();
    expect(status(await guard.admit(write, 'Bearer not-a-token', '10.0.0.1'))).toBe(401);
    expect(status(await guard.admit(write, bearer(['finance'], finance), '10.0.0.1'))).toBe(403);
    expect(store.trips).toEqual([['writes:ip:10.0.0.1'], ['writes:ip:10.0.0.1']]);
  });

  it('limits sign-ins per IP on their own count', async () => {
    const store = recordingStore();
    const guard = guardOn(store);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await guard.admit(signIn, undefined, '10.0.0.1'));
    expect(answers.map(status)).toEqual(['ok', 'ok', 'ok', 429]);
    expect(status(await guard.admit(signIn, undefined, '10.0.0.2'))).toBe('ok');
    const userId = randomUUID();
    expect(status(await guard.admit(write, bearer(['operator'], userId), '10.0.0.1'))).toBe('ok');
    expect(store.trips.map((keys) => keys.join(' '))).toEqual([
      ...Array<string>(4).fill('auth:ip:10.0.0.1'),
      'auth:ip:10.0.0.2',
      `writes:ip:10.0.0.1 writes:user:${userId}`,
    ]);
  });

  it('lets requests through with a warning when the counters are down, and still checks the token', async () => {
    const down: RateLimitStore = { hitAll: () => Promise.reject(new Error('ECONNREFUSED')), close: async () => undefined };
    const warnings: unknown[] = [];
    const guard = guardOn(down, warnings);
    expect(status(await guard.admit(write, bearer(['operator']), '10.0.0.1'))).toBe('ok');
    expect(status(await guard.admit(write, undefined, '10.0.0.1'))).toBe(401);
    expect(warnings).toHaveLength(2);
  });
});
