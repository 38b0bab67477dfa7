import type { transactions } from '@tillwire/contracts';
import { toTransactionView } from '../domain/transaction-view';
import { notFound } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';

export async function getTransaction({ deps }: CheckoutContext, id: string): Promise<transactions.TransactionView> {
  const transaction = await deps.repository.find(deps.sql, id);
  if (!transaction) throw notFound(id);
  return toTransactionView(transaction);
}
