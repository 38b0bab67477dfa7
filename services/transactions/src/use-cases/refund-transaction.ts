import type { transactions } from '@tillwire/contracts';
import type { CheckoutContext } from './checkout-sagas';
import { checkRefund } from './check-refund';
import { getTransaction } from './get-transaction';
import { runForCaller } from './run-saga';

/** Refunds lines of a completed transaction: money back in proportion, goods restocked, departments credited. */
export async function refundTransaction(
  context: CheckoutContext,
  params: transactions.RefundRequest & { id: string; refundId: string },
): Promise<transactions.TransactionView> {
  const { deps, runner, sagas } = context;
  const { id, refundId, lines, reason } = params;
  if (await runner.exists(sagas.refund, refundId)) {
    await runForCaller(sagas.refund.name, () => runner.resume(sagas.refund, refundId));
  } else {
    // Refused refunds leave nothing behind: the saga starts only for one that can go through.
    checkRefund(id, await deps.repository.find(deps.sql, id), lines);
    await runForCaller(sagas.refund.name, () => runner.run(sagas.refund, refundId, { transactionId: id, refundId, reason, lines }));
  }
  return getTransaction(context, id);
}
