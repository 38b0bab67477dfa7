import type { departments } from '@tillwire/contracts';

export type AllocationRule = departments.AllocationRule;
export type LedgerEntry = departments.LedgerEntry;

export interface AllocationLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly productDepartmentCode: string;
  readonly amountMinor: number;
  readonly taxMinor: number;
}

export type AllocationOutcome =
  | { readonly ok: true; readonly entries: LedgerEntry[] }
  | { readonly ok: false; readonly code: 'duplicate_line'; readonly lineNo: number };

/** The department a line is booked to: its own product's, or the terminal's when the rule says so. */
export function bookingDepartment(
  line: Pick<AllocationLine, 'productDepartmentCode'>,
  terminalDepartmentCode: string,
  rule: AllocationRule,
): string {
  if (line.productDepartmentCode === terminalDepartmentCode) return terminalDepartmentCode;
  switch (rule) {
    case 'terminal':
      return terminalDepartmentCode;
    case 'product':
      return line.productDepartmentCode;
  }
}

/** One sale entry per line; the entries always sum to the lines' total. */
export function allocate(
  lines: readonly AllocationLine[],
  terminalDepartmentCode: string,
  rule: AllocationRule,
): AllocationOutcome {
  const seen = new Set<number>();
  for (const line of lines) {
    if (seen.has(line.lineNo)) return { ok: false, code: 'duplicate_line', lineNo: line.lineNo };
    seen.add(line.lineNo);
  }
  const entries = [...lines]
    .sort((a, b) => a.lineNo - b.lineNo)
    .map(
      (line): LedgerEntry => ({
        lineNo: line.lineNo,
        departmentCode: bookingDepartment(line, terminalDepartmentCode, rule),
        sku: line.sku,
        kind: 'sale',
        amountMinor: line.amountMinor,
        taxMinor: line.taxMinor,
      }),
    );
  assertBalanced(lines, entries);
  return { ok: true, entries };
}

/** Finance reconciles on this: a transaction's entries must add up to what its lines add up to. */
export function assertBalanced(
  lines: readonly Pick<AllocationLine, 'amountMinor' | 'taxMinor'>[],
  entries: readonly Pick<LedgerEntry, 'amountMinor' | 'taxMinor'>[],
): void {
  const expected = totals(lines);
  const booked = totals(entries);
  if (expected.amountMinor !== booked.amountMinor || expected.taxMinor !== booked.taxMinor) {
    throw new Error(
      `Allocation does not balance: lines ${expected.amountMinor}/${expected.taxMinor}, ` +
        `entries ${booked.amountMinor}/${booked.taxMinor} (amount/tax)`,
    );
  }
}

/** Sums in bigint: 200 lines near the safe-integer limit must not lose precision. */
function totals(rows: readonly Pick<AllocationLine, 'amountMinor' | 'taxMinor'>[]) {
  return rows.reduce(
    (sum, row) => ({
      amountMinor: sum.amountMinor + BigInt(row.amountMinor),
      taxMinor: sum.taxMinor + BigInt(row.taxMinor),
    }),
    { amountMinor: 0n, taxMinor: 0n },
  );
}

/**
 * Whether entries booked by an earlier call are the allocation `planned` describes: same lines, SKUs
 * and amounts. Departments are not compared: a retry after the rule changed keeps the first booking.
 */
export function isSameAllocation(existing: readonly LedgerEntry[], planned: readonly LedgerEntry[]): boolean {
  if (existing.length !== planned.length) return false;
  const byLine = new Map(existing.map((e) => [e.lineNo, e]));
  return planned.every((p) => {
    const e = byLine.get(p.lineNo);
    return e !== undefined && e.sku === p.sku && e.amountMinor === p.amountMinor && e.taxMinor === p.taxMinor;
  });
}
