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

export interface ReconciliationSources {
  /** The business day as instants; payments and movements before `dayStart` belong to the day before. */
  dayStart: string;
  ledger: reports.DayLedger;
  terminalPayments: reports.DayTerminalPayments;
  terminalTotals: ReadonlyMap<string, TerminalTotals>;
  stock: reports.DayStockSales;
  departmentLedger: reports.DayDepartmentLedger;
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
 * The three-way comparison of one business day: the backend ledger against the terminals (their own
 * totals, and our records of what they approved) and against the stock movements and department ledger.
 * Everything is matched by transaction id in maps, so the cost is linear in the day's rows.
 */
export function reconcile(sources: ReconciliationSources, thresholds: Thresholds): ReconciliationOutcome {
  const mismatches: Mismatch[] = [];
  const saleIds = new Set(sources.ledger.sales.map((s) => s.transactionId));
  const terminalLines = reconcileTerminals(sources, saleIds, thresholds, mismatches);
  const departmentLines = reconcileDepartments(sources, saleIds, thresholds, mismatches);
  reconcileStock(sources, saleIds, mismatches);
  const lines = [...terminalLines, ...departmentLines];
  const stockStatus: ReconciliationStatus = mismatches.some((m) => m.scope === 'stock') ? 'warn' : 'ok';
  return { status: worst([stockStatus, ...lines.map((l) => l.status)]), lines, mismatches };
}

function reconcileTerminals(
  { dayStart, ledger, terminalPayments, terminalTotals }: ReconciliationSources,
  saleIds: ReadonlySet<string>,
  thresholds: Thresholds,
  mismatches: Mismatch[],
): ReconciliationLine[] {
  const departmentOf = new Map(terminalPayments.terminals.map((t) => [t.terminalId, t.departmentCode]));
  for (const sale of ledger.sales) if (!departmentOf.has(sale.terminalId)) departmentOf.set(sale.terminalId, sale.departmentCode);

  const expected = new Map<string, number>();
  const byTerminal = new Map<string, Mismatch[]>();
  const note = (m: Mismatch) => {
    mismatches.push(m);
    push(byTerminal, m.key, m);
  };
  const approved = new Map<string, reports.DayTerminalPayments['payments']>();
  for (const p of terminalPayments.payments) push(approved, p.transactionId, p);

  for (const card of ledger.cardPayments) {
    add(expected, card.terminalId, card.amountMinor);
    const onTerminal = (approved.get(card.transactionId) ?? []).filter((p) => p.terminalId === card.terminalId);
    const match = onTerminal.find((p) => p.serviceId === card.serviceId) ?? onTerminal[0];
    const base = { scope: 'terminal', key: card.terminalId, transactionId: card.transactionId, expectedMinor: card.amountMinor } as const;
    if (!match) note({ ...base, kind: 'transaction_missing_on_terminal', reference: card.serviceId, reportedMinor: null });
    else if (match.amountMinor !== card.amountMinor) note({ ...base, kind: 'terminal_amount_differs', reference: match.serviceId, reportedMinor: match.amountMinor });
  }
  const recorded = new Map<string, number>();
  const ledgerCards = new Set(ledger.cardPayments.map((c) => `${c.terminalId}/${c.transactionId}`));
  for (const p of terminalPayments.payments) {
    // An approval for a sale of this day counts whenever it was sent; one before the day belongs to the day before.
    if (!saleIds.has(p.transactionId) && p.at < dayStart) continue;
    add(recorded, p.terminalId, p.amountMinor);
    if (ledgerCards.has(`${p.terminalId}/${p.transactionId}`)) continue;
    note({
      kind: 'payment_without_transaction',
      scope: 'terminal',
      key: p.terminalId,
      transactionId: p.transactionId,
      reference: p.serviceId,
      expectedMinor: null,
      reportedMinor: p.amountMinor,
    });
  }

  const ids = [...new Set([...expected.keys(), ...recorded.keys(), ...terminalTotals.keys()])].sort();
  return ids.map((terminalId) => {
    const expectedMinor = expected.get(terminalId) ?? 0;
    const totals = terminalTotals.get(terminalId) ?? { reachable: false };
    if (!totals.reachable) {
      const own = byTerminal.get(terminalId) ?? [];
      return line('terminal', terminalId, departmentOf.get(terminalId) ?? '', expectedMinor, recorded.get(terminalId) ?? 0, thresholds, own, 'terminal_unreachable');
    }
    if (totals.debitMinor !== expectedMinor) {
      note({
        kind: 'terminal_total_differs',
        scope: 'terminal',
        key: terminalId,
        transactionId: null,
        reference: null,
        expectedMinor,
        reportedMinor: totals.debitMinor,
      });
    }
    return line('terminal', terminalId, departmentOf.get(terminalId) ?? '', expectedMinor, totals.debitMinor, thresholds, byTerminal.get(terminalId) ?? []);
  });
}

function reconcileDepartments(
  { ledger, departmentLedger }: ReconciliationSources,
  saleIds: ReadonlySet<string>,
  thresholds: Thresholds,
  mismatches: Mismatch[],
): ReconciliationLine[] {
  const entries = new Map<string, { departmentCode: string; amountMinor: number }[]>();
  for (const e of departmentLedger.entries) {
    if (saleIds.has(e.transactionId)) push(entries, `${e.transactionId}/${e.lineNo}`, e);
  }
  const expected = new Map<string, number>();
  const reported = new Map<string, number>();
  const byDepartment = new Map<string, Mismatch[]>();
  const note = (m: Mismatch) => {
    mismatches.push(m);
    push(byDepartment, m.key, m);
  };
  const seen = new Set<string>();
  for (const l of ledger.lines) {
    const key = `${l.transactionId}/${l.lineNo}`;
    seen.add(key);
    const booked = entries.get(key) ?? [];
    // The line belongs to the department its entry was booked to (the allocation rule decides); without one, the product's.
    const department = booked[0]?.departmentCode ?? l.departmentCode;
    add(expected, department, l.amountMinor);
    const bookedMinor = booked.reduce((sum, e) => sum + e.amountMinor, 0);
    for (const e of booked) add(reported, e.departmentCode, e.amountMinor);
    if (bookedMinor !== l.amountMinor) {
      note({
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
      add(reported, e.departmentCode, e.amountMinor);
      note({
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
  const codes = [...new Set([...expected.keys(), ...reported.keys()])].sort();
  return codes.map((code) => line('department', code, code, expected.get(code) ?? 0, reported.get(code) ?? 0, thresholds, byDepartment.get(code) ?? []));
}

function reconcileStock({ dayStart, stock }: ReconciliationSources, saleIds: ReadonlySet<string>, mismatches: Mismatch[]): void {
  for (const m of stock.movements) {
    // A commit before the day belongs to a sale of the day before, unless a sale of this day claims it.
    if (saleIds.has(m.transactionId) || m.at < dayStart) continue;
    mismatches.push({
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
