import { loyalty } from '@tillwire/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointsEarned, TIERS, tierFor } from './tiers';

describe('tiers', () => {
  it('cover exactly the tiers of the contract, in ascending thresholds starting at 0', () => {
    expect(TIERS.map((t) => t.tier)).toEqual(loyalty.tier.options);
    expect(TIERS[0]?.minLifetimePoints).toBe(0);
    const thresholds = TIERS.map((t) => t.minLifetimePoints);
    expect([...thresholds].sort((a, b) => a - b)).toEqual(thresholds);
  });

  it('are held from their threshold on', () => {
    expect([0, 999, 1000, 4999, 5000, 1_000_000].map(tierFor)).toEqual([
      'bronze',
      'bronze',
      'silver',
      'silver',
      'gold',
      'gold',
    ]);
  });
});

describe('pointsEarned', () => {
  it('is 1 point per major unit, times the tier multiplier, rounded down', () => {
    expect(pointsEarned(0, 'bronze')).toBe(0);
    expect(pointsEarned(99, 'bronze')).toBe(0);
    expect(pointsEarned(1999, 'bronze')).toBe(19);
    expect(pointsEarned(1999, 'silver')).toBe(24); // 19.99 × 1.25 = 24.9875
    expect(pointsEarned(1999, 'gold')).toBe(29); // 19.99 × 1.5 = 29.985
    expect(pointsEarned(10_000, 'silver')).toBe(125);
    expect(pointsEarned(10_000, 'gold')).toBe(150);
  });

  it('stays exact for amounts up to the safe-integer limit', () => {
    expect(pointsEarned(Number.MAX_SAFE_INTEGER, 'gold')).toBe(135_107_988_821_114);
  });

  it('never exceeds the exact product and grows with the tier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (amountMinor) => {
        const [bronze, silver, gold] = (['bronze', 'silver', 'gold'] as const).map((t) => pointsEarned(amountMinor, t));
        expect(bronze).toBe(Math.floor(amountMinor / 100));
        expect(silver! * 100 * 100).toBeLessThanOrEqual(amountMinor * 125);
        expect(bronze! <= silver! && silver! <= gold!).toBe(true);
      }),
    );
  });
});
