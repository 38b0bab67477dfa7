import type { SagaStep } from '@tillwire/platform';
import { transactions } from '@tillwire/contracts';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/**
 * Completes the transaction, approves its cash and writes `transactions.completed` to the outbox,
 * in one statement, so loyalty, receipts and reports hear of every sale and of nothing else. The event
 * carries what the report projections need: the shift and its operator (found by the hold step) and
 * the split by department.
 */
export const finalizeStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'finalize',
  local: true,
  async invoke(ctx, tx) {
    const { receiptNumber, terminalId, departmentCode, customerId, totalMinor, currency, discountMinor, departments } = ctx.sale;
    const completedAt = new Date();
    await deps.repository.transition(tx, ctx.transactionId, ['completing'], 'completed', {
      completedAt,
      approvePayments: ctx.payments.filter((p) => p.method === 'cash').map((p) => p.id),
      event: {
        channel: transactions.TransactionChannels.completed,
        payload: {
          transactionId: ctx.transactionId,
          receiptNumber,
          terminalId,
          departmentCode,
          customerId,
          totalMinor,
          payments: ctx.payments.map(({ method, amountMinor, tenderedMinor }) =>
            method === 'cash' && tenderedMinor !== undefined ? { method, amountMinor, changeMinor: tenderedMinor - amountMinor } : { method, amountMinor },
          ),
          completedAt: completedAt.toISOString(),
          currency,
          shiftId: ctx.shift?.id ?? null,
          operatorId: ctx.shift?.operatorId ?? null,
          discountMinor,
          departments,
        } satisfies transactions.TransactionCompletedEvent,
      },
    });
  },
});
