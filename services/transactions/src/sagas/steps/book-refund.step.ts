import { departments, transactions } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { RefundTransactionCtx } from '../transaction-contexts';

/**
 * Writes the negative department entries, then marks the transaction refunded (or partially) with
 * `transactions.refunded` in the outbox, in one database transaction.
 */
export const bookRefundStep = (deps: CheckoutDeps): SagaStep<RefundTransactionCtx> => ({
  id: 'book-refund',
  async invoke(ctx) {
    await deps.call(departments.DepartmentsActions.refund, {
      transactionId: ctx.transactionId,
      refundId: ctx.refundId,
      lines: (ctx.refundLines ?? []).map(({ lineNo, amountMinor, taxMinor }) => ({ lineNo, amountMinor, taxMinor })),
    });
    await deps.sql.transaction(async (tx) => {
      if (await deps.repository.refundBooked(tx, ctx.refundId)) return;
      const transaction = await deps.repository.find(tx, ctx.transactionId);
      const all = transaction!.lines.every((line) => line.refundedQuantity === line.quantity);
      const to = all ? 'refunded' : 'partially_refunded';
      const facts = await deps.reportFacts.refund(tx, ctx.refundId);
      await deps.repository.transition(tx, ctx.transactionId, ['completed', 'partially_refunded'], to, {
        reason: ctx.reason,
        event: {
          channel: transactions.TransactionChannels.refunded,
          payload: {
            transactionId: ctx.transactionId,
            refundId: ctx.refundId,
            terminalId: transaction!.terminalId,
            customerId: transaction!.customerId,
            amountMinor: ctx.amountMinor ?? 0,
            ...(facts && { refundedAt: facts.refundedAt.toISOString(), cashMinor: facts.cashMinor, departments: facts.departments }),
            payments: (ctx.paymentRefunds ?? []).map(({ method, amountMinor }) => ({ method, amountMinor })),
          } satisfies transactions.TransactionRefundedEvent,
        },
      });
    });
  },
});
