import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CreateTransactionCtx } from '../transaction-contexts';

/** The checkout is reserved: stock held, departments booked, ready for payment. */
export const confirmReservationStep = (deps: CheckoutDeps): SagaStep<CreateTransactionCtx> => ({
  id: 'confirm',
  local: true,
  async invoke(ctx, tx) {
    await deps.repository.transition(tx, ctx.transactionId, ['pending'], 'reserved');
  },
});
