import type { ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';

/** Departments, terminal-to-department binding rules and the allocation ledger. */
export function createDepartmentsService(_deps: ServiceDependencies): ServiceSchema {
  return { name: 'departments' };
}
