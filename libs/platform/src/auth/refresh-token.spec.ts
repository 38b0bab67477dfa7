import { describe, expect, it } from 'vitest';
import { newRefreshToken, refreshTokenHash, refreshTokenTerminal } from './refresh-token';

describe('refresh tokens', () => {
  it('are 32 random bytes, base64url, stored as SHA-256 hex', () => {
    const token = newRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(token);
    expect(refreshTokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(refreshTokenTerminal(token)).toBeUndefined();
  });

  it('carry the terminal of a terminal session, covered by the stored hash', () => {
    const token = newRefreshToken('T1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}\.T1$/);
    expect(refreshTokenTerminal(token)).toBe('T1');
    const moved = token.replace(/\.T1$/, '.T3');
    expect(refreshTokenHash(moved)).not.toBe(refreshTokenHash(token));
  });

  it('are not ours when their shape is wrong', () => {
    for (const bad of ['', 'short', `${'a'.repeat(43)}.`, `${'a'.repeat(43)}.T1.x`, `${'a'.repeat(43)}.${'T'.repeat(33)}`, 'a'.repeat(44)]) {
      expect(refreshTokenTerminal(bad), bad).toBeNull();
    }
  });
});
