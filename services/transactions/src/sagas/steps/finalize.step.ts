import type { SagaStep } from '@tillwire/platform';
import { transactions } from '@tillwire/contracts';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/**
 * Completes the transaction and writes `transactions.completed` to the outbox in the same database
 * transaction, so loyalty, receipts and reports hear of every sale and of nothing else.
 */
export const finalizeStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'finalize',
  local: true,
  async invoke(ctx, tx) {
    const cash = ctx.payments.filter((p) => p.method === 'cash').map((p) => p.id);
    if (cash.length > 0) await deps.repository.setPaymentStatus(tx, cash, 'approved');
    if (!(await deps.repository.transition(tx, ctx.transactionId, ['completing'], 'completed', { completedAt: new Date() }))) return;
    const { receiptNumber, terminalId, departmentCode, customerId, totalMinor } = ctx.sale;
    await deps.repository.appendOutbox(tx, {
      channel: transactions.TransactionChannels.completed,
      aggregateId: ctx.transactionId,
      payload: {
        transactionId: ctx.transactionId,
        receiptNumber,
        terminalId,
        departmentCode,
        customerId,
        totalMinor,
        payments: ctx.payments.map(({ method, amountMinor }) => ({ method, amountMinor })),
      } satisfies transactions.TransactionCompletedEvent,
    });
  },
});
