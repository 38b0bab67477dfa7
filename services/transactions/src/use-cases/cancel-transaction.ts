import type { transactions } from '@tillwire/contracts';
import type { z } from 'zod';
import { toTransactionView } from '../domain/transaction-view';
import { invalidState, notFound, overrideNeedsApproval } from '../transactions.errors';
import type { CheckoutContext } from './checkout-sagas';
import { getTransaction } from './get-transaction';
import { runForCaller } from './run-saga';

type CancelRequest = z.output<typeof transactions.cancelParams>;

/**
 * Cancels a reserved transaction: its stock and department entries are given back. A supervisor's
 * override (void) needs its approver and leaves its reason and approver in the status history.
 */
export async function cancelTransaction(context: CheckoutContext, { id, override }: CancelRequest): Promise<transactions.TransactionView> {
  const { deps, runner, sagas } = context;
  if (override && !override.approvedBy) throw overrideNeedsApproval(id);
  const transaction = await deps.repository.find(deps.sql, id);
  if (!transaction) throw notFound(id);
  if (transaction.status === 'cancelled') return toTransactionView(transaction);
  if (transaction.status !== 'reserved') throw invalidState(id, transaction.status, 'cancelled');
  const reason = override ? `voided by override: ${override.reason} (approved by ${override.approvedBy})` : undefined;
  await runForCaller(sagas.close.name, () =>
    runner.run(sagas.close, id, { transactionId: id, closedAs: 'cancelled', ...(reason ? { reason } : {}) }),
  );
  return getTransaction(context, id);
}
