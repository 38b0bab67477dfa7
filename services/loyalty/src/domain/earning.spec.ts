import { describe, expect, it } from 'vitest';
import { earningAmount } from './earning';

describe('earningAmount', () => {
  it('earns on everything but the points paid', () => {
    expect(earningAmount({ totalMinor: 1000, payments: [{ method: 'card', amountMinor: 700 }, { method: 'points', amountMinor: 300 }] })).toBe(700);
    expect(earningAmount({ totalMinor: 500, payments: [{ method: 'points', amountMinor: 500 }] })).toBe(0);
  });
});
