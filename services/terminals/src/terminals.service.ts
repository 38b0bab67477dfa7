import type { ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';

/** Terminal registry, vendor connections and command delivery. */
export function createTerminalsService(_deps: ServiceDependencies): ServiceSchema {
  return { name: 'terminals' };
}
