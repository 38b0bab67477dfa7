import { transactions } from '@tillwire/contracts';
import type { ReportsContext } from './reports-context';

/**
 * Projects one `transactions.completed` event; a redelivery changes nothing. An event written before
 * the report fields existed counts when it is heard, in EUR, wholly to the terminal's department.
 */
export async function projectSale(ctx: ReportsContext, sale: transactions.TransactionCompletedEvent): Promise<void> {
  await ctx.projections.recordSale(ctx.db, ctx.timeZone, {
    transactionId: sale.transactionId,
    completedAt: sale.completedAt ? new Date(sale.completedAt) : ctx.now(),
    terminalId: sale.terminalId,
    departmentCode: sale.departmentCode,
    operatorId: sale.operatorId ?? null,
    shiftId: sale.shiftId ?? null,
    currency: transactions.saleCurrency(sale),
    grossMinor: sale.totalMinor,
    discountMinor: sale.discountMinor ?? 0,
    payments: sale.payments.map((p) => ({ method: p.method, amountMinor: p.amountMinor, changeMinor: p.changeMinor ?? 0 })),
    departments: sale.departments ?? [{ departmentCode: sale.departmentCode, amountMinor: sale.totalMinor, units: 0 }],
  });
}
