import { inventory } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/** Turns the reservation into a sale. Paid for by now, so there is nothing to compensate. */
export const commitStockStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'commit-stock',
  async invoke(ctx) {
    await deps.call(inventory.InventoryActions.commit, { transactionId: ctx.transactionId });
    return { committed: true };
  },
});
