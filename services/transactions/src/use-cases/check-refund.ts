import type { TransactionRecord } from '../db/transactions.repository';
import { refundLines, refundPayments } from '../domain/refund';
import { invalidState, notFound, TransactionsError, TransactionsErrorCode } from '../transactions.errors';

/**
 * What a refund of `lines` gives back per line and per payment, or the typed refusal; checked in
 * the refund saga's first step, inside its database transaction.
 */
export function checkRefund(
  id: string,
  transaction: TransactionRecord | undefined,
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
) {
  if (!transaction) throw notFound(id);
  if (transaction.status !== 'completed' && transaction.status !== 'partially_refunded') throw invalidState(id, transaction.status, 'refunded');
  const payments = transaction.payments.filter((p) => p.status === 'approved' || p.status === 'refunded');
  const refund = refundLines(transaction.lines, lines);
  if (!refund.ok) throw new TransactionsError(TransactionsErrorCode.ValidationFailed, 'These lines cannot be refunded', refund.problem);
  return {
    amountMinor: refund.amountMinor,
    refundLines: refund.lines,
    paymentRefunds: refundPayments(payments, refund.amountMinor).map(({ payment, amountMinor }) => ({
      paymentId: payment.id,
      method: payment.method,
      amountMinor,
    })),
  };
}
