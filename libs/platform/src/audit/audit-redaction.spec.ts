import { describe, expect, it } from 'vitest';
import { canonicalJson, type JsonValue } from './audit-canonical';
import { isSecretKey, redactAuditState, REDACTED } from './audit-redaction';

describe('isSecretKey', () => {
  it.each([
    'privateKeyPem',
    'private_key',
    'password',
    'newPassword',
    'passwordHash',
    'pin',
    'pinHash',
    'pin_hash',
    'refreshToken',
    'accessToken',
    'token',
    'tokenHash',
    'secret',
    'jwtSecret',
    'clientSecret',
    'passphrase',
    'apiKey',
    'API_KEY',
    'signingKey',
    'Authorization',
    'cookie',
  ])('%s is secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['shipping', 'pinned', 'spinner', 'publicKeyPem', 'certificatePem', 'keyId', 'sku', 'status', 'terminalId', 'idempotencyKey'])(
    '%s is not',
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});

describe('redactAuditState', () => {
  it('redacts secrets at any depth, in objects inside arrays too, and keeps the rest', () => {
    const state = {
      username: 'ann',
      password: 'hunter2',
      profile: { pin: '1234', roles: ['operator'], sessions: [{ refreshToken: 'r1', accessToken: 'a1', device: 'till' }] },
      terminal: { id: 'T-01', certificate: { privateKeyPem: 'k', publicKeyPem: 'p', passphrase: 'pp' } },
      secret: { nested: 'whole subtree' },
    };
    expect(redactAuditState(state)).toEqual({
      username: 'ann',
      password: REDACTED,
      profile: { pin: REDACTED, roles: ['operator'], sessions: [{ refreshToken: REDACTED, accessToken: REDACTED, device: 'till' }] },
      terminal: { id: 'T-01', certificate: { privateKeyPem: REDACTED, publicKeyPem: 'p', passphrase: REDACTED } },
      secret: REDACTED,
    });
  });

  it('keeps a secret key whose value is null: that a PIN was unset is worth recording', () => {
    expect(redactAuditState({ pinHash: null, password: undefined })).toEqual({ pinHash: null });
  });

  it('redacts secret values whatever their key: private keys, JWTs, bearer credentials', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';
    expect(
      redactAuditState({
        note: '-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----',
        ec: '-----BEGIN EC PRIVATE KEY-----\nabc',
        cert: '-----BEGIN CERTIFICATE-----\nabc',
        header: `Bearer ${jwt}`,
        items: [jwt, 'Basic plan'],
      }),
    ).toEqual({ note: REDACTED, ec: REDACTED, cert: '-----BEGIN CERTIFICATE-----\nabc', header: REDACTED, items: [REDACTED, 'Basic plan'] });
  });

  it('follows JSON: toJSON, undefined left out (null in arrays), non-finite numbers null, bigints as text', () => {
    expect(
      redactAuditState({
        at: new Date('2026-11-22T00:00:00.000Z'),
        gone: undefined,
        fn: () => 1,
        list: [undefined, Infinity, NaN, -0],
        big: 12345678901234567890n,
      }),
    ).toEqual({ at: '2026-11-22T00:00:00.000Z', list: [null, null, null, 0], big: '12345678901234567890' });
    expect(redactAuditState(undefined)).toBeNull();
    expect(redactAuditState(null)).toBeNull();
    expect(redactAuditState('plain')).toBe('plain');
  });

  it('makes text storable: NUL and lone surrogates become U+FFFD, in keys too', () => {
    expect(redactAuditState({ 'a\u0000b': 'x\u0000y', s: 'ok\uD800', pair: '😀' })).toEqual({ 'a\uFFFDb': 'x\uFFFDy', s: 'ok\uFFFD', pair: '😀' });
  });

  it('survives cycles and absurd depth', () => {
    const looped: Record<string, unknown> = { name: 'loop' };
    looped.self = looped;
    expect(redactAuditState(looped)).toEqual({ name: 'loop', self: '[circular]' });
    const shared = { v: 1 };
    expect(redactAuditState({ a: shared, b: shared })).toEqual({ a: { v: 1 }, b: { v: 1 } });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i += 1) deep = { d: deep };
    expect(JSON.stringify(redactAuditState(deep))).toContain('[too deep]');
  });

  it('replaces a state larger than the limit by a note with its size and hash', () => {
    const small = { text: 'x'.repeat(100) };
    expect(redactAuditState(small, 200)).toEqual(small);
    const large = redactAuditState({ text: 'é'.repeat(200), password: 'p' }, 200) as Record<string, JsonValue>;
    // Counted in UTF-8 after redaction: 9 + 400 (é is two bytes) + 26.
    expect(large).toEqual({ omitted: 'too_large', bytes: 435, limitBytes: 200, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The default limit is 16 KiB of UTF-8 JSON.
    expect(redactAuditState({ text: 'x'.repeat(16 * 1024 - 11) })).toEqual({ text: 'x'.repeat(16 * 1024 - 11) });
    expect(redactAuditState({ text: 'x'.repeat(16 * 1024 - 10) })).toMatchObject({ omitted: 'too_large', bytes: 16 * 1024 + 1 });
  });

  it('answers values whose canonical text survives a JSON round trip (what jsonb gives back)', () => {
    const state = redactAuditState({ b: [1.5, 'two', { z: 1, a: null }], a: new Date(0), n: 1e300 })!;
    expect(canonicalJson(JSON.parse(JSON.stringify(state)) as JsonValue)).toBe(canonicalJson(state));
  });
});
