import type { ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';

/** Daily summaries, department sales and the nightly reconciliation. */
export function createReportsService(_deps: ServiceDependencies): ServiceSchema {
  return { name: 'reports' };
}
