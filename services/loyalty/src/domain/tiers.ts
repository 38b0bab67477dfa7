import type { loyalty } from '@tillwire/contracts';

export type Tier = loyalty.Tier;

export interface TierRule {
  readonly tier: Tier;
  /** Lifetime points from which an account holds this tier. */
  readonly minLifetimePoints: number;
  /** Earn multiplier in percent (125 = ×1.25), so the maths stays in integers. */
  readonly multiplierPercent: number;
}

/** Ascending by threshold. */
export const TIERS: readonly TierRule[] = Object.freeze([
  { tier: 'bronze', minLifetimePoints: 0, multiplierPercent: 100 },
  { tier: 'silver', minLifetimePoints: 1_000, multiplierPercent: 125 },
  { tier: 'gold', minLifetimePoints: 5_000, multiplierPercent: 150 },
]);

/** Earn rate: `points` per `perMinor` minor units spent — 1 point per major unit. */
export const EARN_RATE = Object.freeze({ points: 1, perMinor: 100 });

export function tierFor(lifetimePoints: number): Tier {
  let held = TIERS[0]!;
  for (const rule of TIERS) if (lifetimePoints >= rule.minLifetimePoints) held = rule;
  return held.tier;
}

/** floor(amountMinor / perMinor × points × multiplier), in bigint so large amounts never round. */
export function pointsEarned(amountMinor: number, tier: Tier): number {
  const { multiplierPercent } = ruleOf(tier);
  const earned =
    (BigInt(amountMinor) * BigInt(EARN_RATE.points) * BigInt(multiplierPercent)) / (BigInt(EARN_RATE.perMinor) * 100n);
  return Number(earned);
}

function ruleOf(tier: Tier): TierRule {
  const rule = TIERS.find((r) => r.tier === tier);
  if (!rule) throw new Error(`Unknown tier ${tier}`);
  return rule;
}
