import type { reports } from '@tillwire/contracts';

export type ReconciliationStatus = 'ok' | 'warn' | 'fail';
export type MismatchKind =
  | 'terminal_total_differs'
  | 'payment_without_transaction'
  | 'transaction_missing_on_terminal'
  | 'terminal_amount_differs'
  | 'stock_movement_without_sale'
  | 'department_entries_do_not_sum';

export interface Mismatch {
  kind: MismatchKind;
  scope: 'terminal' | 'department' | 'stock';
  key: string;
  transactionId: string | null;
  reference: string | null;
  expectedMinor: number | null;
  reportedMinor: number | null;
}

export interface ReconciliationLine {
  scope: 'terminal' | 'department';
  key: string;
  departmentCode: string;
  expectedMinor: number;
  reportedMinor: number;
  varianceMinor: number;
  varianceBp: number | null;
  status: ReconciliationStatus;
  reason: string | null;
  mismatchingTransactionIds: string[];
}

/** A terminal's own totals (GetTotals, debits), or why they could not be read. */
export type TerminalTotals = { reachable: true; debitMinor: number } | { reachable: false };

/** One slice of the day's transactions as every source recorded it: all rows of a transaction are in the same slice. */
export interface DaySlice {
  ledger: reports.DayLedger;
  payments: reports.DayTerminalPayments['payments'];
  movements: reports.DayStockSales['movements'];
  departmentEntries: reports.DayDepartmentLedger['entries'];
}

export interface Thresholds {
  warnThresholdBp: number;
  failThresholdBp: number;
}

export interface ReconciliationOutcome {
  status: ReconciliationStatus;
  lines: ReconciliationLine[];
  mismatches: Mismatch[];
}

const RANK: Record<ReconciliationStatus, number> = { ok: 0, warn: 1, fail: 2 };
export const worst = (statuses: Iterable<ReconciliationStatus>): ReconciliationStatus => {
  let result: ReconciliationStatus = 'ok';
  for (const s of statuses) if (RANK[s] > RANK[result]) result = s;
  return result;
};

/** variance / expected in basis points, rounded toward zero; null when nothing was expected. */
export function varianceBp(expectedMinor: number, varianceMinor: number): number | null {
  if (expectedMinor === 0) return null;
  return Number((BigInt(varianceMinor) * 10_000n) / BigInt(expectedMinor));
}

/** ok within the warn threshold and nothing mismatching; fail beyond the fail threshold (or anything against nothing expected). */
export function lineStatus(expectedMinor: number, reportedMinor: number, thresholds: Thresholds, flagged: boolean): ReconciliationStatus {
  const variance = reportedMinor - expectedMinor;
  const bp = varianceBp(expectedMinor, variance);
  const magnitude = bp === null ? (variance === 0 ? 0 : Infinity) : Math.abs(bp);
  if (magnitude > thresholds.failThresholdBp) return 'fail';
  if (magnitude > thresholds.warnThresholdBp || flagged) return 'warn';
  return 'ok';
}

function line(
  scope: ReconciliationLine['scope'],
  key: string,
  departmentCode: string,
  expectedMinor: number,
  reportedMinor: number,
  thresholds: Thresholds,
  mismatches: readonly Mismatch[],
  reason: string | null = null,
): ReconciliationLine {
  const ids = [...new Set(mismatches.flatMap((m) => (m.transactionId ? [m.transactionId] : [])))].sort();
  return {
    scope,
    key,
    departmentCode,
    expectedMinor,
    reportedMinor,
    varianceMinor: reportedMinor - expectedMinor,
    varianceBp: varianceBp(expectedMinor, reportedMinor - expectedMinor),
    status: lineStatus(expectedMinor, reportedMinor, thresholds, mismatches.length > 0 || reason !== null),
    reason,
    mismatchingTransactionIds: ids,
  };
}

const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);
const push = <V>(map: Map<string, V[]>, key: string, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * The three-way comparison of one business day, slice by slice: the backend ledger against the terminals
 * (their own totals, and our records of what they approved) and against the stock movements and
 * department ledger. Within a slice everything is matched by transaction id in maps; across slices only
 * the sums per terminal and department and the mismatches are kept, so memory follows the size of a
 * slice, not of the day.
 */
export class DayReconciliation {
  private currency: string | undefined;
  private readonly mismatches: Mismatch[] = [];
  private readonly terminalExpected = new Map<string, number>();
  private readonly terminalRecorded = new Map<string, number>();
  private readonly departmentOfTerminal = new Map<string, string>();
  private readonly departmentExpected = new Map<string, number>();
  private readonly departmentReported = new Map<string, number>();

  /**
   * `dayStart`: the business day's first instant; payments and movements before it belong to the day
   * before. `storeCurrency`: the day's currency when it had no sales to name it.
   */
  constructor(
    private readonly dayStart: string,
    private readonly storeCurrency: string,
  ) {}

  add(slice: DaySlice): void {
    if (slice.ledger.sales.length > 0) this.currency ??= slice.ledger.currency;
    const saleIds = new Set(slice.ledger.sales.map((s) => s.transactionId));
    for (const sale of slice.ledger.sales) if (!this.departmentOfTerminal.has(sale.terminalId)) this.departmentOfTerminal.set(sale.terminalId, sale.departmentCode);
    this.matchTerminals(slice, saleIds);
    this.matchDepartments(slice, saleIds);
    this.matchStock(slice, saleIds);
  }

  /** The day's lines and status, once every slice was added: each terminal's own totals close its line. */
  finish(
    roster: reports.TerminalRoster['terminals'],
    terminalTotals: ReadonlyMap<string, TerminalTotals>,
    thresholds: Thresholds,
  ): ReconciliationOutcome & { currency: string } {
    for (const t of roster) this.departmentOfTerminal.set(t.terminalId, t.departmentCode);
    const terminalLines = this.terminalLines(terminalTotals, thresholds);
    const byDepartment = groupByKey(this.mismatches.filter((m) => m.scope === 'department'));
    const codes = [...new Set([...this.departmentExpected.keys(), ...this.departmentReported.keys()])].sort();
    const departmentLines = codes.map((code) =>
      line('department', code, code, this.departmentExpected.get(code) ?? 0, this.departmentReported.get(code) ?? 0, thresholds, byDepartment.get(code) ?? []),
    );
    const lines = [...terminalLines, ...departmentLines];
    const stockStatus: ReconciliationStatus = this.mismatches.some((m) => m.scope === 'stock') ? 'warn' : 'ok';
    return {
      status: worst([stockStatus, ...lines.map((l) => l.status)]),
      lines,
      mismatches: this.mismatches,
      currency: this.currency ?? this.storeCurrency,
    };
  }

  /** The terminals with card payments expected or recorded: whose own totals the day needs. */
  activeTerminals(): string[] {
    return [...new Set([...this.terminalExpected.keys(), ...this.terminalRecorded.keys()])];
  }

  private matchTerminals({ ledger, payments }: DaySlice, saleIds: ReadonlySet<string>): void {
    const approved = new Map<string, reports.DayTerminalPayments['payments']>();
    for (const p of payments) push(approved, p.transactionId, p);

    for (const card of ledger.cardPayments) {
      add(this.terminalExpected, card.terminalId, card.amountMinor);
      const onTerminal = (approved.get(card.transactionId) ?? []).filter((p) => p.terminalId === card.terminalId);
      const match = onTerminal.find((p) => p.serviceId === card.serviceId) ?? onTerminal[0];
      const base = { scope: 'terminal', key: card.terminalId, transactionId: card.transactionId, expectedMinor: card.amountMinor } as const;
      if (!match) this.mismatches.push({ ...base, kind: 'transaction_missing_on_terminal', reference: card.serviceId, reportedMinor: null });
      else if (match.amountMinor !== card.amountMinor) {
        this.mismatches.push({ ...base, kind: 'terminal_amount_differs', reference: match.serviceId, reportedMinor: match.amountMinor });
      }
    }
    const ledgerCards = new Set(ledger.cardPayments.map((c) => `${c.terminalId}/${c.transactionId}`));
    for (const p of payments) {
      // An approval for a sale of this day counts whenever it was sent; one before the day belongs to the day before.
      if (!saleIds.has(p.transactionId) && p.at < this.dayStart) continue;
      add(this.terminalRecorded, p.terminalId, p.amountMinor);
      if (ledgerCards.has(`${p.terminalId}/${p.transactionId}`)) continue;
      this.mismatches.push({
        kind: 'payment_without_transaction',
        scope: 'terminal',
        key: p.terminalId,
        transactionId: p.transactionId,
        reference: p.serviceId,
        expectedMinor: null,
        reportedMinor: p.amountMinor,
      });
    }
  }

  private terminalLines(terminalTotals: ReadonlyMap<string, TerminalTotals>, thresholds: Thresholds): ReconciliationLine[] {
    const ids = [...new Set([...this.activeTerminals(), ...terminalTotals.keys()])].sort();
    const lines = ids.map((terminalId) => {
      const expectedMinor = this.terminalExpected.get(terminalId) ?? 0;
      const totals = terminalTotals.get(terminalId) ?? { reachable: false };
      if (totals.reachable && totals.debitMinor !== expectedMinor) {
        this.mismatches.push({
          kind: 'terminal_total_differs',
          scope: 'terminal',
          key: terminalId,
          transactionId: null,
          reference: null,
          expectedMinor,
          reportedMinor: totals.debitMinor,
        });
      }
      return { terminalId, expectedMinor, totals };
    });
    const byTerminal = groupByKey(this.mismatches.filter((m) => m.scope === 'terminal'));
    return lines.map(({ terminalId, expectedMinor, totals }) => {
      const department = this.departmentOfTerminal.get(terminalId) ?? '';
      const own = byTerminal.get(terminalId) ?? [];
      return totals.reachable
        ? line('terminal', terminalId, department, expectedMinor, totals.debitMinor, thresholds, own)
        : line('terminal', terminalId, department, expectedMinor, this.terminalRecorded.get(terminalId) ?? 0, thresholds, own, 'terminal_unreachable');
    });
  }

  private matchDepartments({ ledger, departmentEntries }: DaySlice, saleIds: ReadonlySet<string>): void {
    const entries = new Map<string, { departmentCode: string; amountMinor: number }[]>();
    for (const e of departmentEntries) {
      if (saleIds.has(e.transactionId)) push(entries, `${e.transactionId}/${e.lineNo}`, e);
    }
    const seen = new Set<string>();
    for (const l of ledger.lines) {
      const key = `${l.transactionId}/${l.lineNo}`;
      seen.add(key);
      const booked = entries.get(key) ?? [];
      // The line belongs to the department its entry was booked to (the allocation rule decides); without one, the product's.
      const department = booked[0]?.departmentCode ?? l.departmentCode;
      add(this.departmentExpected, department, l.amountMinor);
      const bookedMinor = booked.reduce((sum, e) => sum + e.amountMinor, 0);
      for (const e of booked) add(this.departmentReported, e.departmentCode, e.amountMinor);
      if (bookedMinor !== l.amountMinor) {
        this.mismatches.push({
          kind: 'department_entries_do_not_sum',
          scope: 'department',
          key: department,
          transactionId: l.transactionId,
          reference: `line ${l.lineNo}`,
          expectedMinor: l.amountMinor,
          reportedMinor: bookedMinor,
        });
      }
    }
    for (const [key, booked] of entries) {
      if (seen.has(key)) continue;
      const [transactionId, lineNo] = key.split('/') as [string, string];
      for (const e of booked) {
        add(this.departmentReported, e.departmentCode, e.amountMinor);
        this.mismatches.push({
          kind: 'department_entries_do_not_sum',
          scope: 'department',
          key: e.departmentCode,
          transactionId,
          reference: `line ${lineNo}`,
          expectedMinor: 0,
          reportedMinor: e.amountMinor,
        });
      }
    }
  }

  private matchStock({ movements }: DaySlice, saleIds: ReadonlySet<string>): void {
    for (const m of movements) {
      // A commit before the day belongs to a sale of the day before, unless a sale of this day claims it.
      if (saleIds.has(m.transactionId) || m.at < this.dayStart) continue;
      this.mismatches.push({
        kind: 'stock_movement_without_sale',
        scope: 'stock',
        key: m.locationCode,
        transactionId: m.transactionId,
        reference: m.sku,
        expectedMinor: null,
        reportedMinor: null,
      });
    }
  }
}

function groupByKey(mismatches: readonly Mismatch[]): Map<string, Mismatch[]> {
  const byKey = new Map<string, Mismatch[]>();
  for (const m of mismatches) push(byKey, m.key, m);
  return byKey;
}
