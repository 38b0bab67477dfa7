import { createHmac, createSecretKey, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_SECONDS, signAccessToken, verifyAccessToken, type AccessSubject } from './access-token';
import { authenticate } from './authenticate';

const key = createSecretKey(Buffer.from('k'.repeat(32)));
const otherKey = createSecretKey(Buffer.from('o'.repeat(32)));
const T0 = new Date('2026-11-21T12:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

const operator: AccessSubject = {
  sub: randomUUID(),
  username: 'operator-grocery',
  roles: ['operator'],
  terminalId: 'T1',
  departmentCode: 'GROCERY',
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const hs256 = (signingInput: string, secret = 'k'.repeat(32)) =>
  createHmac('sha256', secret).update(signingInput).digest('base64url');

describe('signAccessToken / verifyAccessToken', () => {
  it('signs HS256 JWTs with the subject, issue and expiry times and a unique id', () => {
    const { token, claims } = signAccessToken(key, operator, { ttlSeconds: 900, now: T0 });
    const [header, payload] = parts(token);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).toEqual(claims);
    expect(claims).toMatchObject({ ...operator, iat: T0.getTime() / 1000, exp: T0.getTime() / 1000 + 900 });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(signAccessToken(key, operator, { ttlSeconds: 900, now: T0 }).claims.jti).not.toBe(claims.jti);
    expect(verifyAccessToken(key, token, at(60))).toEqual({ ok: true, claims });
  });

  it('leaves out the terminal and department of a session that has none', () => {
    const { claims } = signAccessToken(key, { sub: operator.sub, username: 'admin', roles: ['admin'] }, { ttlSeconds: 60, now: T0 });
    expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'jti', 'roles', 'sub', 'username']);
  });

  it('refuses a tampered payload: the signature no longer matches', () => {
    const { token } = signAccessToken(key, operator, { ttlSeconds: 900, now: T0 });
    const [header, payload, signature] = parts(token);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const promoted = b64({ ...claims, roles: ['admin'] });
    expect(verifyAccessToken(key, `${header}.${promoted}.${signature}`, T0)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyAccessToken(key, `${header}.${payload}.${signature.slice(0, -2)}`, T0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a token signed with another key', () => {
    const { token } = signAccessToken(otherKey, operator, { ttlSeconds: 900, now: T0 });
    expect(verifyAccessToken(key, token, T0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('accepts HS256 only: alg none, an empty signature or another algorithm are refused', () => {
    const { token } = signAccessToken(key, operator, { ttlSeconds: 900, now: T0 });
    const [, payload, signature] = parts(token);
    expect(verifyAccessToken(key, `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, T0)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyAccessToken(key, `${b64({ alg: 'none' })}.${payload}.${signature}`, T0)).toEqual({ ok: false, reason: 'bad_signature' });
    const hs512Input = `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}`;
    expect(verifyAccessToken(key, `${hs512Input}.${hs256(hs512Input)}`, T0)).toEqual({ ok: false, reason: 'bad_signature' });
    const [header] = parts(token);
    expect(verifyAccessToken(key, `${header}.${payload}.`, T0)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an expired token, allowing the clock skew', () => {
    const { token } = signAccessToken(key, operator, { ttlSeconds: 900, now: T0 });
    expect(verifyAccessToken(key, token, at(900 + CLOCK_SKEW_SECONDS - 1)).ok).toBe(true);
    expect(verifyAccessToken(key, token, at(900 + CLOCK_SKEW_SECONDS))).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token issued in the future beyond the skew', () => {
    const { token } = signAccessToken(key, operator, { ttlSeconds: 900, now: at(CLOCK_SKEW_SECONDS + 5) });
    expect(verifyAccessToken(key, token, T0)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyAccessToken(key, signAccessToken(key, operator, { ttlSeconds: 900, now: at(10) }).token, T0).ok).toBe(true);
  });

  it('calls malformed what is not a JWT, or a correctly signed payload that lacks the claims', () => {
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'x'.repeat(5_000), '!!.??.**']) {
      expect(verifyAccessToken(key, bad, T0), bad).toEqual({ ok: false, reason: 'malformed' });
    }
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const payload = b64({ sub: 'not-a-uuid', username: 'x', roles: ['operator'], iat: 1, exp: 2, jti: 'j' });
    expect(verifyAccessToken(key, `${header}.${payload}.${hs256(`${header}.${payload}`)}`, T0)).toEqual({ ok: false, reason: 'malformed' });
    const root = b64({ ...operator, roles: ['root'], iat: 1, exp: 2 ** 40, jti: 'j' });
    expect(verifyAccessToken(key, `${header}.${root}.${hs256(`${header}.${root}`)}`, T0)).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('authenticate', () => {
  const none = { revoked: () => false };
  const deps = { key, ended: none, now: () => T0 };

  it('answers the actor of a valid Bearer token', () => {
    const { token } = signAccessToken(key, operator, { ttlSeconds: 900, now: T0 });
    expect(authenticate(deps, `Bearer ${token}`)).toEqual({
      ok: true,
      value: { userId: operator.sub, username: 'operator-grocery', roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' },
    });
    expect(authenticate(deps, `bearer  ${token}`).ok).toBe(true);
  });

  it('types every refusal: missing, malformed, forged, expired', () => {
    const { token } = signAccessToken(key, operator, { ttlSeconds: 60, now: at(-3_600) });
    expect(authenticate(deps, undefined)).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'missing' } });
    expect(authenticate(deps, 'Basic YWRtaW46YWRtaW4=')).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'malformed' } });
    expect(authenticate({ key: otherKey, ended: none, now: () => at(-3_600) }, `Bearer ${token}`)).toEqual({
      ok: false,
      failure: { code: 'token_invalid', reason: 'bad_signature' },
    });
    expect(authenticate(deps, `Bearer ${token}`)).toEqual({ ok: false, failure: { code: 'token_expired' } });
  });

  it("refuses a token issued before its user's sessions ended, and not one issued after", () => {
    const endedAt = T0.getTime() / 1000 - 60;
    const ended = { revoked: (userId: string, issuedAt: number) => userId === operator.sub && issuedAt < endedAt };
    const before = signAccessToken(key, operator, { ttlSeconds: 900, now: at(-120) }).token;
    const after = signAccessToken(key, operator, { ttlSeconds: 900, now: at(-30) }).token;
    expect(authenticate({ ...deps, ended }, `Bearer ${before}`)).toEqual({ ok: false, failure: { code: 'token_invalid', reason: 'session_ended' } });
    expect(authenticate({ ...deps, ended }, `Bearer ${after}`).ok).toBe(true);
  });
});
