import type { transactions } from '@tillwire/contracts';
import { toTransactionView } from '../domain/transaction-view';
import { invalidState, notFound } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';
import { runForCaller } from './run-saga';

/** Cancels a reserved transaction: its stock and department entries are given back. */
export async function cancelTransaction(context: CheckoutContext, id: string): Promise<transactions.TransactionView> {
  const { deps, runner, sagas } = context;
  const transaction = await deps.repository.find(deps.sql, id);
  if (!transaction) throw notFound(id);
  if (transaction.status === 'cancelled') return toTransactionView(transaction);
  if (transaction.status !== 'reserved') throw invalidState(id, transaction.status, 'cancelled');
  await runForCaller(sagas.close.name, () => runner.run(sagas.close, id, { transactionId: id, closedAs: 'cancelled' }));
  return getTransaction(context, id);
}
