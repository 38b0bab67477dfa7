import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CreateTransactionCtx } from '../transaction-contexts';

/** Stores the priced checkout as a pending transaction; compensation marks it failed. */
export const recordTransactionStep = (deps: CheckoutDeps): SagaStep<CreateTransactionCtx> => ({
  id: 'record',
  local: true,
  async invoke(ctx, tx) {
    await deps.repository.insertPending(tx, {
      id: ctx.transactionId,
      terminalId: ctx.terminalId,
      departmentCode: ctx.departmentCode,
      customerId: ctx.customerId,
      currency: ctx.currency,
      discount: ctx.discount,
      lines: ctx.priced,
      totals: ctx.totals,
      reservationExpiresAt: new Date(ctx.expiresAt),
    });
    return { recorded: true };
  },
  async compensate(created, ctx) {
    if (!created.recorded) return;
    await deps.sql.transaction((tx) =>
      deps.repository.transition(tx, ctx.transactionId, ['pending', 'reserved'], 'failed', { reason: 'checkout could not be reserved' }),
    );
  },
});
