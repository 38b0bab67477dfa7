import type { ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';

/** Loyalty accounts, accrual, redemption and tiers. */
export function createLoyaltyService(_deps: ServiceDependencies): ServiceSchema {
  return { name: 'loyalty' };
}
