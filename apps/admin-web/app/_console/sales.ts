import type { reports } from '@tillwire/contracts';

export interface DepartmentTotals {
  readonly transactions: number;
  readonly grossMinor: number;
  readonly refundedMinor: number;
  readonly netMinor: number;
  readonly unitsSold: number;
}

const NONE: DepartmentTotals = { transactions: 0, grossMinor: 0, refundedMinor: 0, netMinor: 0, unitsSold: 0 };

/** A range's department sales summed over its days, per department. */
export function totalsByDepartment(rows: reports.DepartmentSalesView['rows']): Map<string, DepartmentTotals> {
  const totals = new Map<string, DepartmentTotals>();
  for (const row of rows) {
    const sum = totals.get(row.departmentCode) ?? NONE;
    totals.set(row.departmentCode, {
      transactions: sum.transactions + row.figures.transactionCount,
      grossMinor: sum.grossMinor + row.figures.grossMinor,
      refundedMinor: sum.refundedMinor + row.figures.refundedMinor,
      netMinor: sum.netMinor + row.figures.netMinor,
      unitsSold: sum.unitsSold + row.unitsSold,
    });
  }
  return totals;
}

export const noSales = NONE;

/** The department-sales route for a range, optionally of one department. */
export function departmentSalesPath(from: string, to: string, department?: string): string {
  const query = new URLSearchParams({ from, to, ...(department ? { department } : {}) });
  return `/reports/department-sales?${query.toString()}`;
}
