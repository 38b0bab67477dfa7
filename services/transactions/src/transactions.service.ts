import type { ServiceDependencies } from '@tillwire/platform';
import type { ServiceSchema } from 'moleculer';

/** Checkout saga orchestrator, payments, refunds and the outbox. */
export function createTransactionsService(_deps: ServiceDependencies): ServiceSchema {
  return { name: 'transactions' };
}
