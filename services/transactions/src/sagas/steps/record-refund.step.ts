import type { SagaStep } from '@tillwire/platform';
import { noOpenShift } from '../../transactions.errors';
import { checkRefund } from '../../use-cases/check-refund';
import type { CheckoutDeps } from '../checkout-deps';
import type { RefundTransactionCtx } from '../transaction-contexts';

/**
 * Records the refund and what each line and payment gives back; compensation removes it again
 * when the money could not be paid back. Cash comes out of the drawer of the sale's terminal, so
 * it counts in the shift open there now (whichever shift the sale was in), and is refused without one.
 */
export const recordRefundStep = (deps: CheckoutDeps): SagaStep<RefundTransactionCtx> => ({
  id: 'record-refund',
  local: true,
  async invoke(ctx, tx) {
    const transaction = await deps.repository.find(tx, ctx.transactionId);
    const refund = checkRefund(ctx.transactionId, transaction, ctx.lines);
    const cashMinor = refund.paymentRefunds.reduce((sum, part) => sum + (part.method === 'cash' ? part.amountMinor : 0), 0);
    const shiftId = await deps.shifts.lockOpen(tx, transaction!.terminalId);
    if (cashMinor > 0 && !shiftId) throw noOpenShift(transaction!.terminalId);
    await deps.repository.insertRefund(tx, {
      id: ctx.refundId,
      transactionId: ctx.transactionId,
      reason: ctx.reason,
      amountMinor: refund.amountMinor,
      cashMinor,
      shiftId,
      lines: refund.refundLines,
    });
    return refund;
  },
  async compensate(created, ctx) {
    if (created.amountMinor === undefined) return;
    await deps.sql.transaction((tx) => deps.repository.removeRefund(tx, ctx.refundId));
  },
});
