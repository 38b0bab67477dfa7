import type { z } from 'zod';
import type { reports } from '@tillwire/contracts';
import { figuresOf, type SalesFigures } from '../domain/figures';
import type { ReportsContext } from './reports-context';

export interface DepartmentSalesRow {
  businessDate: string;
  departmentCode: string;
  currency: string;
  figures: SalesFigures;
  unitsSold: number;
  unitsReturned: number;
}

/**
 * What each department sold per business day: the sales' allocation by department (the same split the
 * departments ledger books), refunds on the day they were made. Cached briefly.
 */
export function departmentSales(ctx: ReportsContext, params: z.output<typeof reports.departmentSalesParams>): Promise<DepartmentSalesRow[]> {
  const range = { ...params.dates, departmentCode: params.departmentCode };
  return ctx.cache.get(`department-sales:${JSON.stringify(range)}`, async () =>
    (await ctx.summaries.departmentSales(ctx.db, range)).map((row) => ({
      businessDate: row.businessDate,
      departmentCode: row.key,
      currency: row.currency,
      figures: figuresOf(row),
      unitsSold: row.units,
      unitsReturned: row.unitsReturned,
    })),
  );
}
