import type { loyalty } from '@tillwire/contracts';
import type { Tier } from './tiers';

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly tier: Tier;
  readonly balancePoints: number;
  readonly lifetimePoints: number;
  /** Bumped by every posting; balance changes are conditional on it. */
  readonly version: number;
}

/** The public shape (fields in a fixed order, so every answer serialises alike). */
export function accountView({ id, name, email, tier, balancePoints, lifetimePoints }: Account): loyalty.Account {
  return { id, name, email, tier, balancePoints, lifetimePoints };
}
