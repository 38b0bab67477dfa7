import { z } from 'zod';
import { code, uuid } from '../primitives';
import { terminalId } from './terminals.contract';

/** A calendar day of the store's time zone, "YYYY-MM-DD", that exists. */
export const businessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && value >= '2000-01-01';
  }, 'must be a calendar date from 2000-01-01 on');

/** Longest range a summary request may span. */
export const MAX_RANGE_DAYS = 366;

export const dateRange = z
  .object({ fromDate: businessDate, toDate: businessDate })
  .refine((range) => range.fromDate <= range.toDate, { message: 'fromDate must not be after toDate', path: ['toDate'] })
  .refine((range) => daysBetween(range.fromDate, range.toDate) < MAX_RANGE_DAYS, {
    message: `must span at most ${MAX_RANGE_DAYS} days`,
    path: ['toDate'],
  });
export type DateRange = z.infer<typeof dateRange>;

/** Thresholds in basis points of the expected amount: 100 = 1 %. */
export const thresholdBp = z.number().int().min(0).max(10_000);

export const terminalDailySummariesParams = z.object({
  dates: dateRange,
  terminalIds: z.array(terminalId).max(1_000).default([]),
  departmentCode: code.optional(),
});
export const departmentSalesParams = z.object({ dates: dateRange, departmentCode: code.optional() });
export const cashierShiftParams = z.object({ shiftId: uuid });

export const runReconciliationParams = z
  .object({
    businessDate,
    warnThresholdBp: thresholdBp.optional(),
    failThresholdBp: thresholdBp.optional(),
    rerun: z.boolean().default(false),
  })
  .refine((p) => p.warnThresholdBp === undefined || p.failThresholdBp === undefined || p.warnThresholdBp <= p.failThresholdBp, {
    message: 'warnThresholdBp must not exceed failThresholdBp',
    path: ['warnThresholdBp'],
  });
export type RunReconciliationParams = z.output<typeof runReconciliationParams>;

/** A reconciliation's id, or the business date it reconciled (one reconciliation per date). */
export const reconciliationRef = z.union([uuid, businessDate]);

/** HTTP: `POST /reports/reconciliations`. */
export const runReconciliationRequest = z
  .object({ date: businessDate, rerun: z.boolean().optional(), warnThresholdBp: thresholdBp.optional(), failThresholdBp: thresholdBp.optional() })
  .strict();
export type RunReconciliationRequest = z.infer<typeof runReconciliationRequest>;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The day aggregates the reconciliation reads from each owning service (`transactions.dayLedger`,
 * `terminals.dayPayments`, `inventory.daySales`, `departments.dayLedger`): `[from, to)` instants the
 * reports service computed for a business day in the store's zone. Sources that record a sale before it
 * completes (reservation, payment) are asked from an earlier `from` and matched by transaction id.
 *
 * A day is read in slices of transaction ids, so no answer outgrows a broker message and the
 * reconciliation holds one slice at a time: the ledger answers the first `limit` sales after `after`
 * (by id), and the other sources answer the rows of the ids in `(after, upTo]`, either end open when
 * absent. Every source's rows of one transaction land in the same slice.
 */
const dayWindow = {
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  after: uuid.optional(),
};
const windowInOrder = (w: { from: string; to: string }) => w.from < w.to;
const outOfOrder = { message: 'from must be before to', path: ['to'] };

/** Largest slice of sales the ledger answers at once. */
export const MAX_DAY_SLICE = 2_000;

export const dayLedgerParams = z
  .object({ ...dayWindow, limit: z.number().int().min(1).max(MAX_DAY_SLICE) })
  .refine(windowInOrder, outOfOrder);

export const daySliceParams = z
  .object({ ...dayWindow, upTo: uuid.optional() })
  .refine(windowInOrder, outOfOrder)
  .refine((w) => w.after === undefined || w.upTo === undefined || w.after.toLowerCase() < w.upTo.toLowerCase(), { message: 'after must be before upTo', path: ['upTo'] });

/** `transactions.dayLedger`: the sales completed in the window (a slice, ordered by id), their lines and card payments. */
export interface DayLedger {
  currency: string;
  sales: Array<{ transactionId: string; terminalId: string; departmentCode: string; totalMinor: number }>;
  lines: Array<{ transactionId: string; lineNo: number; departmentCode: string; amountMinor: number }>;
  cardPayments: Array<{ transactionId: string; terminalId: string; serviceId: string | null; amountMinor: number }>;
}

/** `terminals.dayPayments`: approved pay commands sent in the window, of a slice of transactions. */
export interface DayTerminalPayments {
  payments: Array<{ terminalId: string; serviceId: string; transactionId: string; amountMinor: number; at: string }>;
}

/** `terminals.roster`: every registered terminal; `connected` when a node holds its session (its own totals can be asked). */
export interface TerminalRoster {
  terminals: Array<{ terminalId: string; departmentCode: string; connected: boolean }>;
}

/** `inventory.daySales`: stock commit movements of the window, of a slice of transactions: units per transaction, location and SKU. */
export interface DayStockSales {
  movements: Array<{ transactionId: string; locationCode: string; sku: string; units: number; at: string }>;
}

/** `departments.dayLedger`: sale and reversal entries booked in the window, of a slice of transactions, per line. */
export interface DayDepartmentLedger {
  entries: Array<{ transactionId: string; lineNo: number; departmentCode: string; amountMinor: number }>;
}

/** Broadcast by the reports service. */
export const ReportsEvents = {
  /** `{reconciliationId, businessDate, failCount}`: a reconciliation ended with status fail (finance alert). */
  reconciliationFailed: 'reports.reconciliationFailed',
} as const;
export interface ReconciliationFailedEvent {
  reconciliationId: string;
  businessDate: string;
  failCount: number;
}

/** HTTP: a reconciliation as `GET /reports/reconciliations/{date}` answers it. */
export const reconciliationStatus = z.enum(['ok', 'warn', 'fail']);
export const reconciliationLineView = z.object({
  /** The terminal id or department code. */
  key: z.string(),
  departmentCode: z.string(),
  expectedMinor: z.number().int(),
  reportedMinor: z.number().int(),
  /** reported − expected. */
  varianceMinor: z.number().int(),
  /** variance / expected in basis points, rounded toward zero; null when nothing was expected. */
  varianceBp: z.number().int().nullable(),
  status: reconciliationStatus,
  /** e.g. `terminal_unreachable`. */
  reason: z.string().nullable(),
  mismatchingTransactionIds: z.array(z.string()),
});
export const reconciliationView = z.object({
  id: uuid,
  businessDate,
  state: z.enum(['running', 'completed', 'failed']),
  /** The worst line; null while running or when the run failed. */
  status: reconciliationStatus.nullable(),
  warnThresholdBp: z.number().int(),
  failThresholdBp: z.number().int(),
  currency: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  error: z.string().nullable(),
  terminals: z.array(reconciliationLineView),
  departments: z.array(reconciliationLineView),
  mismatches: z.array(
    z.object({
      kind: z.string(),
      scope: z.enum(['terminal', 'department', 'stock']),
      key: z.string(),
      transactionId: z.string().nullable(),
      reference: z.string().nullable(),
      expectedMinor: z.number().int().nullable(),
      reportedMinor: z.number().int().nullable(),
    }),
  ),
});
export type ReconciliationView = z.infer<typeof reconciliationView>;
export const reconciliationListView = z.object({
  reconciliations: z.array(
    z.object({
      id: uuid,
      businessDate,
      state: z.enum(['running', 'completed', 'failed']),
      status: reconciliationStatus.nullable(),
      startedAt: z.string(),
      completedAt: z.string().nullable(),
      okCount: z.number().int(),
      warnCount: z.number().int(),
      failCount: z.number().int(),
    }),
  ),
  nextPageToken: z.string(),
});
export type ReconciliationListView = z.infer<typeof reconciliationListView>;

/** A range of business dates in a query, checked as `dateRange` checks one. */
const ordered = { message: 'from must not be after to', path: ['to'] };
const spanned = { message: `must span at most ${MAX_RANGE_DAYS} days`, path: ['to'] };
const inOrder = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || q.from <= q.to;
const withinSpan = (q: { from?: string | undefined; to?: string | undefined }) => !q.from || !q.to || daysBetween(q.from, q.to) < MAX_RANGE_DAYS;

/** HTTP: `GET /reports/reconciliations?from=&to=&status=&limit=&pageToken=`, every value a string; from and to go together. */
export const listReconciliationsQuery = z
  .object({
    from: businessDate.optional(),
    to: businessDate.optional(),
    status: reconciliationStatus.optional(),
    limit: z.string().regex(/^[0-9]{1,3}$/, 'a whole number from 1 to 500').transform(Number).pipe(z.number().int().min(1).max(500)).optional(),
    /** The `nextPageToken` of the previous page. */
    pageToken: businessDate.optional(),
  })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both from and to, or neither', path: ['to'] })
  .refine(inOrder, ordered)
  .refine(withinSpan, spanned);

/** Sales and refunds of one group of transactions, in minor units. */
export const salesFiguresView = z.object({
  transactionCount: z.number().int(),
  grossMinor: z.number().int(),
  discountMinor: z.number().int(),
  refundCount: z.number().int(),
  refundedMinor: z.number().int(),
  /** gross − refunded. */
  netMinor: z.number().int(),
});
export type SalesFiguresView = z.infer<typeof salesFiguresView>;

/** HTTP: `GET /reports/department-sales?from=&to=&department=`: one row per business day and department with sales. */
export const departmentSalesQuery = z
  .object({ from: businessDate, to: businessDate, department: code.optional() })
  .refine(inOrder, ordered)
  .refine(withinSpan, spanned);
export const departmentSalesView = z.object({
  rows: z.array(
    z.object({
      businessDate,
      departmentCode: z.string(),
      currency: z.string(),
      figures: salesFiguresView,
      unitsSold: z.number().int(),
      unitsReturned: z.number().int(),
    }),
  ),
});
export type DepartmentSalesView = z.infer<typeof departmentSalesView>;

/** HTTP: a CSV export as JSON (the API answers JSON only): RFC 4180 text with CRLF line ends. */
export const csvExportView = z.object({ fileName: z.string(), contentType: z.literal('text/csv'), csv: z.string() });
export type CsvExportView = z.infer<typeof csvExportView>;
