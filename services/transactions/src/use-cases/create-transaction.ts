import type { transactions } from '@tillwire/contracts';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';
import { runForCaller } from './run-saga';

/** Prices, reserves and allocates a checkout; a repeated id resumes or replays the same saga. */
export async function createTransaction(
  context: CheckoutContext,
  params: transactions.CreateTransactionRequest & { transactionId: string },
): Promise<transactions.TransactionView> {
  const { transactionId, ...input } = params;
  const { runner, sagas } = context;
  await runForCaller(sagas.create.name, () => runner.run(sagas.create, transactionId, { transactionId, ...input }));
  return getTransaction(context, transactionId);
}
