import type { ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';

/** Stock levels, reservations and the movements ledger. */
export function createInventoryService(_deps: ServiceDependencies): ServiceSchema {
  return { name: 'inventory' };
}
