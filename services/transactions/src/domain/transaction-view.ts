import type { transactions } from '@tillwire/contracts';
import type { TransactionRecord } from '../db/transactions.repository';

/** The public shape of a transaction, as the API returns it. */
export function toTransactionView(t: TransactionRecord): transactions.TransactionView {
  return {
    id: t.id,
    receiptNumber: t.receiptNumber,
    status: t.status,
    terminalId: t.terminalId,
    departmentCode: t.departmentCode,
    customerId: t.customerId,
    currency: t.currency,
    lines: t.lines.map(({ lineNo, sku, name, quantity, unitPriceMinor, taxMinor, discountMinor, lineTotalMinor, departmentCode, refundedQuantity }) => ({
      lineNo,
      sku,
      name,
      quantity,
      unitPriceMinor,
      taxMinor,
      discountMinor,
      lineTotalMinor,
      departmentCode,
      refundedQuantity,
    })),
    totals: t.totals,
    reservationExpiresAt: t.reservationExpiresAt?.toISOString() ?? null,
    payments: t.payments,
    changeMinor: t.payments.reduce((sum, p) => sum + (p.status === 'approved' ? (p.changeMinor ?? 0) : 0), 0),
    statusHistory: t.statusHistory.map((c) => ({ from: c.from, to: c.to, reason: c.reason, at: c.at.toISOString() })),
    refunds: t.refunds.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}
