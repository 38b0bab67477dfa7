import type { transactions } from '@tillwire/contracts';
import type { ReportsContext } from './reports-context';

/** Projects one `transactions.refunded` event, on the day the refund was made; a redelivery changes nothing. */
export async function projectRefund(ctx: ReportsContext, refund: transactions.TransactionRefundedEvent): Promise<void> {
  await ctx.projections.recordRefund(ctx.db, ctx.timeZone, {
    refundId: refund.refundId,
    transactionId: refund.transactionId,
    refundedAt: refund.refundedAt ? new Date(refund.refundedAt) : ctx.now(),
    terminalId: refund.terminalId,
    amountMinor: refund.amountMinor,
    cashMinor: refund.cashMinor ?? 0,
    departments: refund.departments ?? [],
    payments: refund.payments ?? [],
  });
}
