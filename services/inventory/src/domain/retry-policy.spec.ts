import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '@tillwire/platform';
import { STOCK_RETRY_POLICY } from './retry-policy';

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 2, maxDelayMs: 10 };

  it('doubles the ceiling per attempt up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(policy, attempt, () => 0.999))).toEqual([2, 4, 8, 10, 10]);
  });

  it('jitters down to zero', () => {
    expect(backoffDelayMs(policy, 4, () => 0)).toBe(0);
  });

  it('keeps the default policy small and bounded', () => {
    const worst = Array.from({ length: STOCK_RETRY_POLICY.maxAttempts - 1 }, (_, i) =>
      backoffDelayMs(STOCK_RETRY_POLICY, i + 1, () => 0.999),
    ).reduce((a, b) => a + b, 0);
    expect(worst).toBeLessThan(500);
  });
});
