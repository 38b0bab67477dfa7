import { createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAccessToken, verifyAccessToken } from '../auth/access-token';
import { CallerCredentials, callerKeyOf, signCallerToken, verifyCaller } from './grpc-callers';

const signingKey = createSecretKey(randomBytes(32));
const key = callerKeyOf(signingKey);
const now = new Date('2026-11-22T10:00:00Z');
const seconds = now.getTime() / 1000;
const header = (token: string) => `Tillwire-Caller ${token}`;

describe('caller tokens', () => {
  it('name their caller while valid', () => {
    expect(verifyCaller(key, header(signCallerToken(key, 'transactions', seconds + 300)), now)).toEqual({ ok: true, caller: 'transactions' });
  });

  it('come from one key per signing key', () => {
    const token = signCallerToken(key, 'api', seconds + 60);
    expect(verifyCaller(callerKeyOf(signingKey), header(token), now).ok).toBe(true);
    expect(verifyCaller(callerKeyOf(createSecretKey(randomBytes(32))), header(token), now)).toEqual({
      ok: false,
      reason: 'the caller token is not signed by this deployment',
    });
  });

  it('are refused once expired (beyond the clock skew) or when valid for longer than any is issued', () => {
    expect(verifyCaller(key, header(signCallerToken(key, 'api', seconds - 20)), now).ok).toBe(true);
    expect(verifyCaller(key, header(signCallerToken(key, 'api', seconds - 31)), now)).toMatchObject({ reason: 'the caller token has expired' });
    expect(verifyCaller(key, header(signCallerToken(key, 'api', seconds + 3_600)), now)).toMatchObject({ reason: 'the caller token is valid for too long' });
  });

  it('are refused when another caller name is put in, or the scheme is not ours', () => {
    const token = signCallerToken(key, 'api', seconds + 60);
    expect(verifyCaller(key, header(token.replace('.api.', '.loyalty.')), now).ok).toBe(false);
    expect(verifyCaller(key, `Bearer ${token}`, now)).toMatchObject({ reason: 'the caller token is malformed' });
    expect(verifyCaller(key, undefined, now)).toMatchObject({ reason: 'the call carries no caller token' });
    expect(verifyCaller(key, header('c1.api.1.x'), now)).toMatchObject({ reason: 'the caller token is malformed' });
  });

  it('are no access tokens, and access tokens are no caller tokens', () => {
    const access = signAccessToken(signingKey, { sub: '7d8f4c34-8f0e-4a8b-9e0f-0c1d2e3f4a5b', username: 'ann', roles: ['admin'] }, { ttlSeconds: 60 }).token;
    expect(verifyCaller(key, header(access), now).ok).toBe(false);
    expect(verifyAccessToken(signingKey, signCallerToken(key, 'api', seconds + 60), now).ok).toBe(false);
  });

  it('refuse to name a caller that is not a plain service name', () => {
    expect(() => signCallerToken(key, 'api.admin', seconds)).toThrow('Not a caller name');
  });
});

describe('CallerCredentials', () => {
  it('sign once, reuse the token for half its life, then sign a new one', async () => {
    let loads = 0;
    const credentials = new CallerCredentials('api', async () => {
      loads += 1;
      return key;
    });
    const start = now.getTime();
    const first = await credentials.authorization(start);
    expect(await credentials.authorization(start + 149_000)).toBe(first);
    const renewed = await credentials.authorization(start + 151_000);
    expect(renewed).not.toBe(first);
    expect(verifyCaller(key, renewed, new Date(start + 151_000))).toEqual({ ok: true, caller: 'api' });
    expect(loads).toBe(1);
  });

  it('load the key again after a failed load', async () => {
    let attempts = 0;
    const credentials = new CallerCredentials('api', async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('no key yet');
      return key;
    });
    await expect(credentials.authorization()).rejects.toThrow('no key yet');
    expect(verifyCaller(key, await credentials.authorization()).ok).toBe(true);
  });
});
