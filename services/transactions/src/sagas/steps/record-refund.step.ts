import type { SagaStep } from '@tillwire/platform';
import { checkRefund } from '../../use-cases/check-refund';
import type { CheckoutDeps } from '../checkout-deps';
import type { RefundTransactionCtx } from '../transaction-contexts';

/**
 * Records the refund and what each line and payment gives back; compensation removes it again
 * when the money could not be paid back.
 */
export const recordRefundStep = (deps: CheckoutDeps): SagaStep<RefundTransactionCtx> => ({
  id: 'record-refund',
  local: true,
  async invoke(ctx, tx) {
    const refund = checkRefund(ctx.transactionId, await deps.repository.find(tx, ctx.transactionId), ctx.lines);
    await deps.repository.insertRefund(tx, {
      id: ctx.refundId,
      transactionId: ctx.transactionId,
      reason: ctx.reason,
      amountMinor: refund.amountMinor,
      lines: refund.refundLines,
    });
    return refund;
  },
  async compensate(created, ctx) {
    if (created.amountMinor === undefined) return;
    await deps.sql.transaction((tx) => deps.repository.removeRefund(tx, ctx.refundId));
  },
});
