import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../services/api/src/http/route';
import { ROUTES } from '../../services/api/src/http/routes';
import { brokenJsonText, garbageSegment, invalidValue, malformedSegment, undecodableSegment, validValue } from '../checkout/bad-input.arbitraries';
import { ADMIN_TOKEN, startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import { badAuthorizations, FUZZ_PASSWORD, hostileWorld, VALID, type HostileWorld } from './hostile.world';
import { changedTables, errorOf, fingerprint, rawRequest, settledFingerprint, TOKENS, type RawAnswer } from './security-world';

/**
 * Every route fuzzed with what an attacker sends: bad tokens, malformed and oversized bodies, wrong
 * content types, bad Idempotency-Keys, random path segments. Each fuzzed request is a request that
 * would change something if let through (hostile.world.ts), so besides a typed 4xx (never a 5xx,
 * never a stack trace) every table must be as it was. Then headers, CORS and the sign-in rate limit.
 */

const SEED = 20_261_122;
const AUTH_PER_MINUTE = 3;
const STACK_TRACE = /\bat .+:\d+:\d+|node_modules|\.ts:\d+/;

interface Case {
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  statuses: number[];
  codes: string[];
}

let api: CheckoutPlatform;
let world: HostileWorld;
let sent = 0;
/** Each request from its own loopback address: the sign-in limit (3 a minute per IP) counts none twice. */
const nextAddress = () => `127.0.${1 + (Math.floor(sent / 250) % 250)}.${2 + (sent++ % 250)}`;

/** Ids the world holds: a random segment must not name one (T3's event stream would answer 200). */
const EXISTING = new Set(['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'MAIN', 'GROCERY', 'HOME', 'ELECTRONICS', 'GRO-001', 'FUZZDEL', 'FUZ-DEL', 'ca']);
const bodied = ROUTES.filter((r) => r.body !== undefined);
const guarded = ROUTES.filter((r) => r.access !== 'public');
const isAuth = (r: Route) => r.path.startsWith('/auth/');
const sample = <T>(arbitrary: fc.Arbitrary<T>, numRuns: number) => fc.sample(arbitrary, { numRuns, seed: SEED });

/** The route's valid request as an admin would send it, with `parts` broken. */
function caseOf(route: Route, parts: Partial<Case> & Pick<Case, 'kind' | 'statuses' | 'codes'>): Case {
  const valid = VALID[route.id]!(world);
  return {
    method: route.method,
    path: valid.path,
    headers: {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(valid.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(route.method === 'POST' && !isAuth(route) ? { 'Idempotency-Key': randomUUID() } : {}),
    },
    ...(valid.body === undefined ? {} : { body: JSON.stringify(valid.body) }),
    ...parts,
  };
}

const send = (c: Case): Promise<RawAnswer> =>
  rawRequest(api.base, { method: c.method, path: c.path, headers: c.headers ?? {}, ...(c.body === undefined ? {} : { body: c.body }), from: nextAddress() });

/** What is wrong with the answer to `c`, if anything. */
function judge(c: Case, answer: RawAnswer): string | undefined {
  const error = errorOf(answer);
  const problems = [
    !c.statuses.includes(answer.status) && `status ${answer.status}, expected ${c.statuses.join('/')}`,
    !String(answer.headers['content-type']).startsWith('application/json') && `content type ${answer.headers['content-type']}`,
    !error && 'no {error:{code,message}} body',
    error && !c.codes.includes(error.code) && `code ${error.code}, expected ${c.codes.join('/')}`,
    STACK_TRACE.test(answer.text) && 'a stack trace',
  ].filter(Boolean);
  if (problems.length === 0) return undefined;
  const body = c.body === undefined ? '' : ` body(${c.body.length}) ${c.body.slice(0, 120)}`;
  return `${c.kind}: ${c.method} ${c.path.slice(0, 150)}${body} → ${problems.join(', ')}: ${answer.text.slice(0, 200)}`;
}

/** Sends every case; expects each refused as it should be, and no table changed (but `ignored`). */
async function sweep(cases: Case[], ignored: string[] = []): Promise<void> {
  const before = await settledFingerprint(api);
  const failures: string[] = [];
  for (const c of cases) {
    const failure = judge(c, await send(c));
    if (failure) failures.push(failure);
  }
  expect(failures).toEqual([]);
  expect(changedTables(before, await fingerprint(api), ignored)).toEqual([]);
}

beforeAll(async () => {
  api = await startCheckoutPlatform({ RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_PER_MINUTE), RATE_LIMIT_USER_WRITES_PER_MINUTE: '1000000' });
  world = await hostileWorld(api);
}, 120_000);
afterAll(() => api?.stop());

describe('fuzzing every route', () => {
  it('knows a valid request of every route', () => {
    expect(Object.keys(VALID).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it('refuses bad tokens on every route that needs one (401, WWW-Authenticate)', async () => {
    const garbage = sample(fc.stringMatching(/^[!-~]{1,300}$/), 20).map((value) => ({ name: 'random', value: `Bearer ${value}`, code: 'token_invalid' as const }));
    const cases = guarded.flatMap((route) =>
      [...badAuthorizations(), ...garbage].map(({ name, value, code }) => {
        const c = caseOf(route, { kind: `token ${name}`, statuses: [401], codes: [code] });
        const { Authorization: _dropped, ...headers } = c.headers!;
        return { ...c, headers: value === undefined ? headers : { ...headers, Authorization: value } };
      }),
    );
    expect(cases.length).toBeGreaterThan(500);
    await sweep(cases);
  });

  it('refuses malformed and oversized bodies (400 validation_failed, 413 payload_too_large)', async () => {
    const malformed = { statuses: [400], codes: ['validation_failed'] };
    const cases = bodied.flatMap((route) => {
      const schema = route.body!;
      const valid = VALID[route.id]!(world).body as object;
      const texts = [
        '{"a":',
        '[]',
        '"text"',
        '42',
        'null',
        JSON.stringify({ ...valid, isAdmin: true }),
        `{"__proto__":{"roles":["admin"]},${JSON.stringify(valid).slice(1)}`,
        `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
        ...sample(invalidValue(schema), 6).map((v) => JSON.stringify(v)),
        ...sample(brokenJsonText(validValue(schema)), 4),
      ];
      const oversized = JSON.stringify({ ...valid, pad: 'x'.repeat(300 * 1024) });
      return [
        ...texts.map((body) => caseOf(route, { kind: 'malformed body', body, ...malformed })),
        caseOf(route, { kind: 'oversized body', body: oversized, statuses: [413], codes: ['payload_too_large'] }),
      ];
    });
    await sweep(cases);
  });

  it('refuses a valid POST without a good Idempotency-Key (400 validation_failed)', async () => {
    const keys: Array<string | undefined> = [undefined, '', 'k'.repeat(256), 'k'.repeat(1_000)];
    const cases = ROUTES.filter((r) => r.method === 'POST' && !isAuth(r)).flatMap((route) =>
      keys.map((key) => {
        const c = caseOf(route, { kind: `Idempotency-Key ${key === undefined ? 'missing' : `of ${key.length}`}`, statuses: [400], codes: ['validation_failed'] });
        const { 'Idempotency-Key': _dropped, ...headers } = c.headers!;
        return { ...c, headers: key === undefined ? headers : { ...headers, 'Idempotency-Key': key } };
      }),
    );
    await sweep(cases);
  });

  it('answers random path segments, extra segments and unserved methods with 400 or 404', async () => {
    const segments = sample(fc.oneof(garbageSegment(EXISTING), malformedSegment, undecodableSegment), 400);
    let n = 0;
    const cases = ROUTES.flatMap((route) => {
      const names = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const [path, query] = VALID[route.id]!(world).path.split('?') as [string, string | undefined];
      const notFound = { statuses: [400, 404], codes: ['validation_failed', 'not_found'] };
      const randomised = names.flatMap(() =>
        Array.from({ length: 6 }, () => {
          const template = route.path.replace(/:([A-Za-z]+)/g, () => segments[n++ % segments.length]!);
          return caseOf(route, { kind: 'random path segment', path: template, ...notFound });
        }),
      );
      const extra = `${path}/${segments[n++ % segments.length]}${query ? `?${query}` : ''}`;
      return [
        ...randomised,
        caseOf(route, { kind: 'extra segment', method: 'GET', path: extra, ...notFound }),
        caseOf(route, { kind: 'unserved method', method: 'PATCH', ...notFound }),
      ];
    });
    // A POST that passed validation keeps its Idempotency-Key with its 404: that row is no change of data.
    await sweep(cases, ['platform.idempotency_keys']);
  });

  it('answers an event stream with a garbage Last-Event-ID with 400 (or ignores it), never 500', async () => {
    const failures: string[] = [];
    for (const lastEventId of ['abc', '-1', '1.5', '1e3', ' ', '9'.repeat(30), '\u00ff']) {
      const headers = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Last-Event-ID': lastEventId };
      const answer = await rawRequest(api.base, { method: 'GET', path: '/pos/terminals/T1/events', headers });
      const typed = answer.status === 200 || (answer.status === 400 && errorOf(answer)?.code === 'validation_failed');
      if (!typed) failures.push(`Last-Event-ID ${JSON.stringify(lastEventId)} → ${answer.status} ${answer.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers sign-ins and refreshes that name no one with 401, never 500', async () => {
    const username = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,30}$/).filter((u) => u !== 'fuzz-user');
    const logins = sample(fc.record({ username, password: fc.string({ minLength: 1, maxLength: 60 }) }), 10);
    const tokens = sample(fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/), 10);
    const route = (id: string) => ROUTES.find((r) => r.id === id)!;
    await sweep([
      ...logins.map((body) => caseOf(route('login'), { kind: 'unknown user', body: JSON.stringify(body), statuses: [401], codes: ['invalid_credentials'] })),
      ...tokens.map((t) => caseOf(route('refresh'), { kind: 'unknown refresh token', body: JSON.stringify({ refreshToken: t }), statuses: [401], codes: ['token_invalid'] })),
    ]);
  });

  it('refuses bodies sent as anything but JSON (415 or 400), and runs nothing', async () => {
    const types = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=fuzz', 'application/xml', undefined];
    const cases = bodied.flatMap((route) =>
      types.map((type) => {
        const c = caseOf(route, { kind: `Content-Type ${type ?? 'missing'}`, statuses: [400, 415], codes: ['validation_failed', 'unsupported_media_type'] });
        const { 'Content-Type': _json, ...headers } = c.headers!;
        return { ...c, headers: type === undefined ? headers : { ...headers, 'Content-Type': type } };
      }),
    );
    await sweep(cases);
  });
});

describe('headers, CORS and rate limits', () => {
  const expectSecurityHeaders = (answer: RawAnswer, what: string) =>
    expect(
      {
        nosniff: answer.headers['x-content-type-options'],
        frame: answer.headers['x-frame-options'],
        csp: String(answer.headers['content-security-policy']).includes("default-src 'none'"),
        cache: answer.headers['cache-control'],
      },
      `${what} → ${answer.status}`,
    ).toEqual({ nosniff: 'nosniff', frame: 'DENY', csp: true, cache: 'no-store' });

  it('sends the security headers on answers the routes give', async () => {
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const answers: Array<[string, Promise<RawAnswer>]> = [
      ['200', rawRequest(api.base, { method: 'GET', path: '/admin/departments', headers: admin })],
      ['200 health', rawRequest(api.base, { method: 'GET', path: '/health' })],
      ['401', rawRequest(api.base, { method: 'GET', path: '/admin/departments' })],
      ['403', rawRequest(api.base, { method: 'GET', path: '/admin/audit', headers: { Authorization: `Bearer ${TOKENS.finance}` } })],
      ['404', rawRequest(api.base, { method: 'GET', path: '/no/such/endpoint', headers: admin })],
      ['400 schema', rawRequest(api.base, { method: 'PUT', path: '/admin/departments/GROCERY', headers: { ...admin, 'Content-Type': 'application/json' }, body: '{}' })],
    ];
    for (const [what, answer] of answers) expectSecurityHeaders(await answer, what);
  });

  it('sends them on answers the body parser and router give too', async () => {
    const json = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() };
    const post = (body: string, headers = {}) => rawRequest(api.base, { method: 'POST', path: '/admin/departments', headers: { ...json, ...headers }, body, from: nextAddress() });
    expectSecurityHeaders(await post(JSON.stringify({ pad: 'x'.repeat(300 * 1024) })), '413');
    expectSecurityHeaders(await post('{"code":'), '400 broken JSON');
    expectSecurityHeaders(await post('{}', { 'Content-Encoding': 'gzip' }), '415');
    expectSecurityHeaders(await rawRequest(api.base, { method: 'GET', path: '/pos/terminals/%ZZ/shifts', headers: json }), '400 undecodable path');
  });

  it('lets the two apps preflight, and gives no other origin an Access-Control-Allow-Origin', async () => {
    const preflight = (origin: string) =>
      rawRequest(api.base, {
        method: 'OPTIONS',
        path: '/pos/transactions',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,idempotency-key' },
      });
    const allowed = await preflight('http://127.0.0.1:3000');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    expect(String(allowed.headers['access-control-allow-headers']).toLowerCase()).toContain('idempotency-key');

    const evil = await preflight('http://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const read = await rawRequest(api.base, { method: 'GET', path: '/admin/departments', headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, Origin: 'http://evil.example' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it(`answers the ${AUTH_PER_MINUTE + 1}th sign-in of a minute from one address 429 rate_limited, with Retry-After`, async () => {
    // The limit counts in fixed minutes: start well inside one.
    if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - (Date.now() % 60_000)));
    const login = (from: string) =>
      rawRequest(api.base, { method: 'POST', path: '/auth/login', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'fuzz-user', password: FUZZ_PASSWORD }), from });
    for (let i = 0; i < AUTH_PER_MINUTE; i++) expect((await login('127.0.0.50')).status).toBe(200);
    const limited = await login('127.0.0.50');
    expect({ status: limited.status, code: errorOf(limited)?.code }).toEqual({ status: 429, code: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expectSecurityHeaders(limited, '429');
    // Per address: another one still signs in.
    expect((await login('127.0.0.51')).status).toBe(200);
  }, 90_000);
});
