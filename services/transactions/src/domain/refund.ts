import { spread } from './pricing';

export interface RefundableLine {
  lineNo: number;
  sku: string;
  quantity: number;
  refundedQuantity: number;
  lineTotalMinor: number;
  taxMinor: number;
}

export interface RefundLine {
  lineNo: number;
  sku: string;
  quantity: number;
  amountMinor: number;
  taxMinor: number;
}

export type RefundProblem =
  | { code: 'not_in_transaction'; sku: string }
  | { code: 'exceeds_sold'; sku: string; requested: number; refundable: number };

/**
 * Amounts of a refund per line. A line's share is cut so that all its refunds together add up
 * exactly to the line total: the n-th unit refunded gets round(total × n / quantity) − what the
 * earlier refunds got.
 */
export function refundLines(
  lines: readonly RefundableLine[],
  request: ReadonlyArray<{ sku: string; quantity: number }>,
): { ok: true; lines: RefundLine[]; amountMinor: number } | { ok: false; problem: RefundProblem } {
  const wanted = new Map<string, number>();
  for (const r of request) wanted.set(r.sku, (wanted.get(r.sku) ?? 0) + r.quantity);
  const result: RefundLine[] = [];
  for (const [sku, quantity] of wanted) {
    const line = lines.find((l) => l.sku === sku);
    if (!line) return { ok: false, problem: { code: 'not_in_transaction', sku } };
    const refundable = line.quantity - line.refundedQuantity;
    if (quantity > refundable) return { ok: false, problem: { code: 'exceeds_sold', sku, requested: quantity, refundable } };
    const share = (total: number) =>
      Math.round((total * (line.refundedQuantity + quantity)) / line.quantity) - Math.round((total * line.refundedQuantity) / line.quantity);
    result.push({ lineNo: line.lineNo, sku, quantity, amountMinor: share(line.lineTotalMinor), taxMinor: share(line.taxMinor) });
  }
  return { ok: true, lines: result, amountMinor: result.reduce((sum, l) => sum + l.amountMinor, 0) };
}

/** Splits a refund over the payments in proportion to what each still holds. */
export function refundPayments<P extends { id: string; amountMinor: number; refundedMinor: number }>(
  payments: readonly P[],
  amountMinor: number,
): Array<{ payment: P; amountMinor: number }> {
  const parts = spread(amountMinor, payments.map((p) => p.amountMinor - p.refundedMinor));
  return payments.map((payment, i) => ({ payment, amountMinor: parts[i]! })).filter((p) => p.amountMinor > 0);
}
