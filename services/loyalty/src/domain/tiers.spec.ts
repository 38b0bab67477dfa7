import { loyalty } from '@tillwire/contracts';
import { parseConfig } from '@tillwire/platform';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loyaltyRules, pointsEarned, tierFor, type Tier } from './tiers';

const rules = loyaltyRules(parseConfig({}).loyalty);
const TIERS = rules.tiers;
const earned = (amountMinor: number, tier: Tier) => pointsEarned(rules, amountMinor, tier);

describe('tiers', () => {
  it('cover exactly the tiers of the contract, in ascending thresholds starting at 0', () => {
    expect(TIERS.map((t) => t.tier)).toEqual(loyalty.tier.options);
    expect(TIERS[0]?.minLifetimePoints).toBe(0);
    const thresholds = TIERS.map((t) => t.minLifetimePoints);
    expect([...thresholds].sort((a, b) => a - b)).toEqual(thresholds);
  });

  it('are held from their threshold on', () => {
    expect([0, 999, 1000, 4999, 5000, 1_000_000].map((points) => tierFor(rules, points))).toEqual([
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
    expect(earned(0, 'bronze')).toBe(0);
    expect(earned(99, 'bronze')).toBe(0);
    expect(earned(1999, 'bronze')).toBe(19);
    expect(earned(1999, 'silver')).toBe(24); // 19.99 × 1.25 = 24.9875
    expect(earned(1999, 'gold')).toBe(29); // 19.99 × 1.5 = 29.985
    expect(earned(10_000, 'silver')).toBe(125);
    expect(earned(10_000, 'gold')).toBe(150);
  });

  it('stays exact for amounts up to the safe-integer limit', () => {
    expect(earned(Number.MAX_SAFE_INTEGER, 'gold')).toBe(135_107_988_821_114);
  });

  it('never exceeds the exact product and grows with the tier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (amountMinor) => {
        const [bronze, silver, gold] = (['bronze', 'silver', 'gold'] as const).map((t) => earned(amountMinor, t));
        expect(bronze).toBe(Math.floor(amountMinor / 100));
        expect(silver! * 100 * 100).toBeLessThanOrEqual(amountMinor * 125);
        expect(bronze! <= silver! && silver! <= gold!).toBe(true);
      }),
    );
  });
});

describe('configured rules', () => {
  const custom = loyaltyRules(
    parseConfig({
      LOYALTY_SILVER_THRESHOLD_POINTS: '200',
      LOYALTY_GOLD_THRESHOLD_POINTS: '800',
      LOYALTY_BRONZE_MULTIPLIER_PERCENT: '50',
      LOYALTY_GOLD_MULTIPLIER_PERCENT: '300',
      LOYALTY_EARN_POINTS: '3',
      LOYALTY_EARN_PER_MINOR: '10',
    }).loyalty,
  );

  it('move the tier thresholds', () => {
    expect([0, 199, 200, 799, 800].map((points) => tierFor(custom, points))).toEqual(['bronze', 'bronze', 'silver', 'silver', 'gold']);
  });

  it('earn `points` per `perMinor` minor units times the tier multiplier, rounded down', () => {
    expect(pointsEarned(custom, 1_000, 'bronze')).toBe(150); // 1000 × 3 / 10 × 0.5
    expect(pointsEarned(custom, 1_000, 'silver')).toBe(375); // × 1.25
    expect(pointsEarned(custom, 1_003, 'gold')).toBe(902); // 300.9 × 3 = 902.7
  });
});
