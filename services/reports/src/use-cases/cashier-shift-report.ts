import { shifts } from '@tillwire/contracts';
import { figuresOf, methodOf, NO_FIGURES, type MethodFigures, type SalesFigures } from '../domain/figures';
import { dependencyUnavailable, shiftNotFound } from '../reports.errors';
import type { ReportsContext } from './reports-context';

export interface CashierShift {
  shiftId: string;
  terminalId: string;
  operatorId: string;
  status: 'open' | 'closed';
  openedAt: Date;
  closedAt: Date | undefined;
  currency: string;
  totals: SalesFigures;
  byPaymentMethod: MethodFigures[];
  openingFloatMinor: number;
  expectedCashMinor: number;
  countedCashMinor: number | undefined;
  cashVarianceMinor: number | undefined;
}

/**
 * A shift's report: the sales figures from the projections, the drawer (float, expected and counted
 * cash) from the transactions service, which owns the shift and its cash (an X report while open, Z once closed).
 */
export async function cashierShiftReport(ctx: ReportsContext, { shiftId }: { shiftId: string }): Promise<CashierShift> {
  const [drawer, rows] = await Promise.all([shiftDrawer(ctx, shiftId), ctx.summaries.shift(ctx.db, shiftId)]);
  const totals = rows.find((row) => row.key === '');
  const currency = await ctx.summaries.shiftCurrency(ctx.db, shiftId);
  return {
    shiftId,
    terminalId: drawer.terminalId,
    operatorId: drawer.operatorId,
    status: drawer.status,
    openedAt: new Date(drawer.openedAt),
    closedAt: drawer.closedAt ? new Date(drawer.closedAt) : undefined,
    currency: currency ?? ctx.currency,
    totals: totals ? figuresOf(totals) : NO_FIGURES,
    byPaymentMethod: rows
      .filter((row) => row.key !== '')
      .map(methodOf)
      .sort((a, b) => a.method.localeCompare(b.method)),
    openingFloatMinor: drawer.openingFloatMinor,
    expectedCashMinor: drawer.expectedCashMinor,
    countedCashMinor: drawer.countedCashMinor ?? undefined,
    cashVarianceMinor: drawer.varianceMinor ?? undefined,
  };
}

async function shiftDrawer(ctx: ReportsContext, shiftId: string): Promise<shifts.ShiftReport> {
  try {
    return await ctx.call<shifts.ShiftReport>(shifts.ShiftsActions.report, { shiftId });
  } catch (error) {
    const type = (error as { type?: string }).type;
    if (type === 'not_found') throw shiftNotFound(shiftId);
    throw dependencyUnavailable('transactions', type ?? (error as Error).message);
  }
}
