import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '@tillwire/platform';
import { ACCOUNT_RETRY_POLICY } from './retry-policy';

describe('backoffDelayMs', () => {
  it('doubles its ceiling per lost race up to the maximum', () => {
    const atMost = (attempt: number) => backoffDelayMs(ACCOUNT_RETRY_POLICY, attempt, () => 0.999_999);
    expect([1, 2, 3, 4, 5, 6, 10].map(atMost)).toEqual([1, 2, 4, 8, 16, 25, 25]);
    expect(backoffDelayMs(ACCOUNT_RETRY_POLICY, 7, () => 0)).toBe(0);
  });
});
