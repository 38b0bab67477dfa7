import type { SagaStep } from '@tillwire/platform';
import { refundLines, refundPayments } from '../../domain/refund';
import { invalidState, notFound, TransactionsError, TransactionsErrorCode } from '../../transactions.errors';
import type { CheckoutDeps } from '../checkout-deps';
import type { RefundTransactionCtx } from '../transaction-contexts';

/**
 * Records the refund and what each line and payment gives back; compensation removes it again
 * when the money could not be paid back.
 */
export const recordRefundStep = (deps: CheckoutDeps): SagaStep<RefundTransactionCtx> => ({
  id: 'record-refund',
  async invoke(ctx) {
    return deps.prisma.$transaction(async (tx) => {
      const transaction = await deps.repository.find(tx, ctx.transactionId);
      if (!transaction) throw notFound(ctx.transactionId);
      if (transaction.status !== 'completed' && transaction.status !== 'partially_refunded') {
        throw invalidState(ctx.transactionId, transaction.status, 'refunded');
      }
      const payments = transaction.payments.filter((p) => p.status === 'approved' || p.status === 'refunded');
      if (payments.some((p) => p.method === 'points')) {
        throw new TransactionsError(TransactionsErrorCode.InvalidState, 'Sales paid with loyalty points cannot be refunded', {
          id: ctx.transactionId,
          reason: 'paid_with_points',
        });
      }
      const refund = refundLines(transaction.lines, ctx.lines);
      if (!refund.ok) throw new TransactionsError(TransactionsErrorCode.ValidationFailed, 'These lines cannot be refunded', refund.problem);
      await deps.repository.insertRefund(tx, {
        id: ctx.refundId,
        transactionId: ctx.transactionId,
        reason: ctx.reason,
        amountMinor: refund.amountMinor,
        lines: refund.lines,
      });
      return {
        amountMinor: refund.amountMinor,
        refundLines: refund.lines,
        paymentRefunds: refundPayments(payments, refund.amountMinor).map(({ payment, amountMinor }) => ({
          paymentId: payment.id,
          method: payment.method,
          amountMinor,
        })),
      };
    });
  },
  async compensate(created, ctx) {
    if (created.amountMinor === undefined) return;
    await deps.prisma.$transaction((tx) => deps.repository.removeRefund(tx, ctx.refundId));
  },
});
