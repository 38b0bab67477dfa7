import { describe, expect, it } from 'vitest';
import { CURRENT_SCRYPT, hashSecret, needsRehash, verifyNothing, verifySecret } from './secret-hash';

describe('hashSecret / verifySecret', () => {
  it('stores scrypt with its parameters and a 16-byte salt, and verifies only the right secret', async () => {
    const encoded = await hashSecret('correct horse battery staple');
    const [, scheme, params, salt, hash] = encoded.split('$');
    expect(scheme).toBe('scrypt');
    expect(params).toBe('ln=15,r=8,p=1');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(await verifySecret('correct horse battery staple', encoded)).toBe(true);
    expect(await verifySecret('correct horse battery stapl', encoded)).toBe(false);
    expect(await verifySecret('', encoded)).toBe(false);
  });

  it('salts every hash, so one secret never hashes the same twice', async () => {
    const [a, b] = await Promise.all([hashSecret('1234'), hashSecret('1234')]);
    expect(a).not.toBe(b);
    expect(await verifySecret('1234', a)).toBe(true);
    expect(await verifySecret('1234', b)).toBe(true);
  });

  it('keeps verifying hashes made with other parameters, and says they need a rehash', async () => {
    const cheaper = await hashSecret('an older password', { ln: 14, r: 8, p: 1 });
    expect(cheaper).toMatch(/^\$scrypt\$ln=14,r=8,p=1\$/);
    expect(await verifySecret('an older password', cheaper)).toBe(true);
    expect(needsRehash(cheaper)).toBe(true);
    expect(needsRehash(await hashSecret('a current password'))).toBe(false);
    expect(CURRENT_SCRYPT).toEqual({ ln: 15, r: 8, p: 1 });
  });

  it('treats Unicode compositions of one password as the same password', async () => {
    const composed = await hashSecret('Grüße aus Köln!');
    expect(await verifySecret('Gru\u0308ße aus Ko\u0308ln!', composed)).toBe(true);
  });

  it('answers false for anything that is not one of its hashes, and refuses costs out of bounds', async () => {
    const valid = await hashSecret('whatever it is');
    for (const bad of ['', 'plain', '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', valid.replace('ln=15', 'ln=30'), valid.replace('r=8', 'r=64')]) {
      expect(await verifySecret('whatever it is', bad), bad).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });

  it('spends a verification when there is nothing to verify', async () => {
    await verifyNothing('warm-up');
    const started = performance.now();
    expect(await verifyNothing('anything')).toBe(false);
    const dummyMs = performance.now() - started;
    const encoded = await hashSecret('a real one here');
    const realStarted = performance.now();
    await verifySecret('a wrong one here', encoded);
    const realMs = performance.now() - realStarted;
    // Same parameters, same work: within a generous factor on a busy machine.
    expect(dummyMs).toBeGreaterThan(realMs / 4);
  });
});
