import type { transactions } from '@tillwire/contracts';
import { derivedUuid } from '@tillwire/platform';
import { departmentShares } from '../domain/department-shares';
import { checkTender } from '../domain/tender';
import { toTransactionView } from '../domain/transaction-view';
import { invalidState, notFound, TransactionsError, TransactionsErrorCode } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';
import { runForCaller } from './run-saga';

/** Takes the payments and completes a reserved transaction; completing a completed one answers it again. */
export async function completeTransaction(
  context: CheckoutContext,
  id: string,
  request: transactions.CompleteTransactionRequest,
): Promise<transactions.TransactionView> {
  const { deps, runner, sagas } = context;
  const transaction = await deps.repository.find(deps.sql, id);
  if (!transaction) throw notFound(id);
  if (transaction.status === 'completed') return toTransactionView(transaction);
  if (transaction.status !== 'reserved' && transaction.status !== 'completing') throw invalidState(id, transaction.status, 'completed');
  const problem = checkTender(request.payments, transaction.totals.totalMinor);
  if (problem) throw new TransactionsError(TransactionsErrorCode.PaymentMismatch, 'The payments do not settle the total', problem);
  const points = request.payments.filter((p) => p.method === 'points');
  if (points.length > 1 || (points.length === 1 && !transaction.customerId)) {
    throw new TransactionsError(TransactionsErrorCode.PaymentMismatch, 'Points pay once per transaction, for its loyalty customer', {
      code: 'points_need_customer',
    });
  }
  // Stable ids: a completion resumed after a crash records the same payments.
  const payments = request.payments.map((p, index) => ({ ...p, id: derivedUuid(`${id}/payment/${index}`) }));
  const sale = {
    receiptNumber: transaction.receiptNumber,
    terminalId: transaction.terminalId,
    departmentCode: transaction.departmentCode,
    customerId: transaction.customerId,
    currency: transaction.currency,
    totalMinor: transaction.totals.totalMinor,
    discountMinor: transaction.totals.discountMinor,
    departments: departmentShares(transaction.lines),
  };
  await runForCaller(sagas.complete.name, () => runner.run(sagas.complete, id, { transactionId: id, sale, payments }));
  return getTransaction(context, id);
}
