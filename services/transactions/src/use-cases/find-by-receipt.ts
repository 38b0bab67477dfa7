import type { transactions } from '@tillwire/contracts';
import { receiptNotFound } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';

/** The transaction a printed receipt names, for refunds at the till. */
export async function findByReceipt(context: CheckoutContext, receiptNumber: number): Promise<transactions.TransactionView> {
  const id = await context.deps.repository.idByReceipt(context.deps.sql, receiptNumber);
  if (!id) throw receiptNotFound(receiptNumber);
  return getTransaction(context, id);
}
