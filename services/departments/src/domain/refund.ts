import type { LedgerEntry } from './allocation';

/** A refunded part of a sold line, as positive amounts (tax included in amountMinor). */
export interface RefundLine {
  readonly lineNo: number;
  readonly amountMinor: number;
  readonly taxMinor: number;
}

export type RefundPlan =
  | { readonly ok: true; readonly entries: LedgerEntry[] }
  | { readonly ok: false; readonly code: 'duplicate_line' | 'unknown_line' | 'invalid_amount'; readonly lineNo: number }
  | {
      readonly ok: false;
      readonly code: 'exceeds_sale';
      readonly lineNo: number;
      readonly requestedMinor: number;
      readonly remainingMinor: number;
    };

/**
 * Negative refund entries booked to the department of each line's sale entry. A line can be refunded
 * in several refunds, but never for more than what is left of its sale (amount and tax).
 */
export function planRefund(
  sales: readonly LedgerEntry[],
  earlierRefunds: readonly LedgerEntry[],
  lines: readonly RefundLine[],
): RefundPlan {
  const saleByLine = new Map(sales.filter((e) => e.kind === 'sale').map((e) => [e.lineNo, e]));
  const seen = new Set<number>();
  const entries: LedgerEntry[] = [];
  for (const line of lines) {
    if (seen.has(line.lineNo)) return { ok: false, code: 'duplicate_line', lineNo: line.lineNo };
    seen.add(line.lineNo);
    const sale = saleByLine.get(line.lineNo);
    if (!sale) return { ok: false, code: 'unknown_line', lineNo: line.lineNo };
    if (line.amountMinor <= 0 || line.taxMinor < 0 || line.taxMinor > line.amountMinor) {
      return { ok: false, code: 'invalid_amount', lineNo: line.lineNo };
    }
    const remaining = remainingOf(sale, earlierRefunds);
    if (line.amountMinor > remaining.amountMinor || line.taxMinor > remaining.taxMinor) {
      return {
        ok: false,
        code: 'exceeds_sale',
        lineNo: line.lineNo,
        requestedMinor: line.amountMinor,
        remainingMinor: remaining.amountMinor,
      };
    }
    entries.push({
      lineNo: line.lineNo,
      departmentCode: sale.departmentCode,
      sku: sale.sku,
      kind: 'refund',
      amountMinor: 0 - line.amountMinor,
      taxMinor: 0 - line.taxMinor,
    });
  }
  return { ok: true, entries: entries.sort((a, b) => a.lineNo - b.lineNo) };
}

function remainingOf(sale: LedgerEntry, earlierRefunds: readonly LedgerEntry[]) {
  // Refund entries are negative, so adding them subtracts what was already refunded.
  return earlierRefunds
    .filter((e) => e.kind === 'refund' && e.lineNo === sale.lineNo)
    .reduce(
      (left, e) => ({ amountMinor: left.amountMinor + e.amountMinor, taxMinor: left.taxMinor + e.taxMinor }),
      { amountMinor: sale.amountMinor, taxMinor: sale.taxMinor },
    );
}

/** Whether the entries an earlier call booked for a refund id are what `lines` asks for now. */
export function isSameRefund(existing: readonly LedgerEntry[], lines: readonly RefundLine[]): boolean {
  if (existing.length !== lines.length) return false;
  const byLine = new Map(existing.map((e) => [e.lineNo, e]));
  return lines.every((line) => {
    const e = byLine.get(line.lineNo);
    return e !== undefined && e.amountMinor === 0 - line.amountMinor && e.taxMinor === 0 - line.taxMinor;
  });
}
