import { departments, inventory } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CloseTransactionCtx } from '../transaction-contexts';

/** Releases the reserved stock and reverses the department entries of a closed transaction. */
export const giveBackStep = (deps: CheckoutDeps): SagaStep<CloseTransactionCtx> => ({
  id: 'give-back',
  async invoke(ctx) {
    await deps.call(inventory.InventoryActions.release, { transactionId: ctx.transactionId, reason: ctx.closedAs });
    await deps.call(departments.DepartmentsActions.unallocate, { transactionId: ctx.transactionId });
  },
});
