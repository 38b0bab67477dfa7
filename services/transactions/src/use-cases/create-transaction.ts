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
  const priced = await priceCheckout(deps, params);
  // A retried request finds its saga and resumes or replays it as first priced.
  await runForCaller(sagas.create.name, () => runner.run(sagas.create, params.transactionId, priced));
  return getTransaction(context, params.transactionId);
}
