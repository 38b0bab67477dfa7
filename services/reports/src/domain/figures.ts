import type { FiguresRow } from '../db/summaries.repository';

/** Sales and refunds of one group of transactions; net = gross − refunded. */
export interface SalesFigures {
  transactionCount: number;
  grossMinor: number;
  discountMinor: number;
  refundCount: number;
  refundedMinor: number;
  netMinor: number;
}

export interface MethodFigures {
  method: string;
  count: number;
  amountMinor: number;
  refundedMinor: number;
}

export const NO_FIGURES: SalesFigures = Object.freeze({
  transactionCount: 0,
  grossMinor: 0,
  discountMinor: 0,
  refundCount: 0,
  refundedMinor: 0,
  netMinor: 0,
});

export function figuresOf(row: FiguresRow): SalesFigures {
  return {
    transactionCount: row.count,
    grossMinor: row.grossMinor,
    discountMinor: row.discountMinor,
    refundCount: row.refundCount,
    refundedMinor: row.refundedMinor,
    netMinor: row.grossMinor - row.refundedMinor,
  };
}

export function addFigures(a: SalesFigures, b: SalesFigures): SalesFigures {
  return {
    transactionCount: a.transactionCount + b.transactionCount,
    grossMinor: a.grossMinor + b.grossMinor,
    discountMinor: a.discountMinor + b.discountMinor,
    refundCount: a.refundCount + b.refundCount,
    refundedMinor: a.refundedMinor + b.refundedMinor,
    netMinor: a.netMinor + b.netMinor,
  };
}

export function methodOf(row: FiguresRow): MethodFigures {
  return { method: row.key, count: row.count, amountMinor: row.grossMinor, refundedMinor: row.refundedMinor };
}

/** Rows grouped by `keyOf`, each group in the order the rows came. */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}
