import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CreateTransactionCtx } from '../transaction-contexts';

/** The checkout is reserved: stock held, departments booked, ready for payment. One conditional statement, so it can run again. */
export const confirmReservationStep = (deps: CheckoutDeps): SagaStep<CreateTransactionCtx> => ({
  id: 'confirm',
  async invoke(ctx) {
    await deps.repository.transition(deps.sql, ctx.transactionId, ['pending'], 'reserved');
  },
});
