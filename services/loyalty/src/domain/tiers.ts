import type { loyalty } from '@tillwire/contracts';
import type { Config } from '@tillwire/platform';

export type Tier = loyalty.Tier;

export interface TierRule {
  readonly tier: Tier;
  /** Lifetime points from which an account holds this tier. */
  readonly minLifetimePoints: number;
  /** Earn multiplier in percent (125 = ×1.25), so the maths stays in integers. */
  readonly multiplierPercent: number;
}

/** The programme's rules, configured (LOYALTY_* variables) and read once at start-up. */
export interface LoyaltyRules {
  /** Ascending by threshold, the first from 0. */
  readonly tiers: readonly TierRule[];
  /** Earn rate: `points` per `perMinor` minor units spent, before the tier multiplier. */
  readonly earnRate: { readonly points: number; readonly perMinor: number };
  /** Redemption value: the minor units one point pays. */
  readonly pointValueMinor: number;
}

export function loyaltyRules({ tierThresholds, multiplierPercent, earnRate, pointValueMinor }: Config['loyalty']): LoyaltyRules {
  return Object.freeze({
    tiers: Object.freeze([
      { tier: 'bronze', minLifetimePoints: 0, multiplierPercent: multiplierPercent.bronze },
      { tier: 'silver', minLifetimePoints: tierThresholds.silver, multiplierPercent: multiplierPercent.silver },
      { tier: 'gold', minLifetimePoints: tierThresholds.gold, multiplierPercent: multiplierPercent.gold },
    ] as const),
    earnRate,
    pointValueMinor,
  });
}

export function tierFor(rules: LoyaltyRules, lifetimePoints: number): Tier {
  let held = rules.tiers[0]!;
  for (const rule of rules.tiers) if (lifetimePoints >= rule.minLifetimePoints) held = rule;
  return held.tier;
}

/** floor(amountMinor × points / perMinor × multiplier), in bigint so large amounts never round. */
export function pointsEarned(rules: LoyaltyRules, amountMinor: number, tier: Tier): number {
  const { multiplierPercent } = ruleOf(rules, tier);
  const { points, perMinor } = rules.earnRate;
  return Number((BigInt(amountMinor) * BigInt(points) * BigInt(multiplierPercent)) / (BigInt(perMinor) * 100n));
}

function ruleOf(rules: LoyaltyRules, tier: Tier): TierRule {
  const rule = rules.tiers.find((r) => r.tier === tier);
  if (!rule) throw new Error(`Unknown tier ${tier}`);
  return rule;
}
