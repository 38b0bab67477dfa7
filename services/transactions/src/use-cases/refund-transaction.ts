import type { transactions } from '@tillwire/contracts';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';
import { runForCaller } from './run-saga';

/**
 * Refunds lines of a completed transaction: money back in proportion, goods restocked, departments
 * credited. A refused refund leaves nothing behind (its first step checks it, in the saga's first
 * transaction); a repeated refund id resumes or replays the same saga.
 */
export async function refundTransaction(
  context: CheckoutContext,
  params: transactions.RefundRequest & { id: string; refundId: string },
): Promise<transactions.TransactionView> {
  const { runner, sagas } = context;
  const { id, refundId, lines, reason } = params;
  await runForCaller(sagas.refund.name, () => runner.run(sagas.refund, refundId, { transactionId: id, refundId, reason, lines }));
  return getTransaction(context, id);
}
