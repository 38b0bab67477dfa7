import type { transactions } from '@tillwire/contracts';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';
import { priceCheckout } from './price-checkout';
import { runForCaller } from './run-saga';

/** Prices, reserves and allocates a checkout; a repeated id resumes or replays the same saga. */
export async function createTransaction(
  context: CheckoutContext,
  params: transactions.CreateTransactionRequest & { transactionId: string },
): Promise<transactions.TransactionView> {
  const { deps, runner, sagas } = context;
  const { transactionId } = params;
  // A retried request finds its saga and resumes or replays it as first priced.
  if (await runner.exists(sagas.create, transactionId)) {
    await runForCaller(sagas.create.name, () => runner.resume(sagas.create, transactionId));
  } else {
    const priced = await priceCheckout(deps, params);
    await runForCaller(sagas.create.name, () => runner.run(sagas.create, transactionId, priced));
  }
  return getTransaction(context, transactionId);
}
