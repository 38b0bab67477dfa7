import type { reports } from '@tillwire/contracts';
import { invalidArguments } from '../reports.errors';
import { cashierShiftReport } from './cashier-shift-report';
import { departmentSales } from './department-sales';
import { getReconciliation } from './read-reconciliations';
import type { ReportsContext } from './reports-context';
import { terminalDailySummaries } from './terminal-daily-summaries';

export type ExportRequest =
  | { kind: 'terminal_daily_summaries'; dates: reports.DateRange }
  | { kind: 'department_sales'; dates: reports.DateRange }
  | { kind: 'cashier_shift'; shiftId: string }
  /** By the reconciliation's id or business date. */
  | { kind: 'reconciliation'; reconciliationId: string };

export interface CsvExport {
  fileName: string;
  header: string[];
  rows: Array<Array<string | number | null>>;
}

type Row = Array<string | number | null>;

/** The rows of a report, flat: one per terminal and day and payment method, per department and day, per shift and method. */
export async function exportCsv(ctx: ReportsContext, request: ExportRequest): Promise<CsvExport> {
  switch (request.kind) {
    case 'terminal_daily_summaries': {
      const summaries = await terminalDailySummaries(ctx, { dates: request.dates, terminalIds: [], departmentCode: undefined });
      return {
        fileName: `terminal-daily-${rangeName(request.dates)}.csv`,
        header: ['business_date', 'terminal_id', 'department_code', 'currency', 'transaction_count', 'gross_minor', 'discount_minor',
          'refund_count', 'refunded_minor', 'net_minor', 'cash_minor', 'card_minor', 'points_minor'],
        rows: summaries.map((s): Row => {
          const by = (m: string) => s.byPaymentMethod.find((p) => p.method === m)?.amountMinor ?? 0;
          const t = s.totals;
          return [s.businessDate, s.terminalId, s.departmentCode, s.currency, t.transactionCount, t.grossMinor, t.discountMinor,
            t.refundCount, t.refundedMinor, t.netMinor, by('cash'), by('card'), by('points')];
        }),
      };
    }
    case 'department_sales': {
      const rows = await departmentSales(ctx, { dates: request.dates, departmentCode: undefined });
      return {
        fileName: `department-sales-${rangeName(request.dates)}.csv`,
        header: ['business_date', 'department_code', 'currency', 'transaction_count', 'gross_minor', 'refund_count', 'refunded_minor',
          'net_minor', 'units_sold', 'units_returned'],
        rows: rows.map((r): Row => [r.businessDate, r.departmentCode, r.currency, r.figures.transactionCount, r.figures.grossMinor,
          r.figures.refundCount, r.figures.refundedMinor, r.figures.netMinor, r.unitsSold, r.unitsReturned]),
      };
    }
    case 'cashier_shift': {
      const shift = await cashierShiftReport(ctx, { shiftId: request.shiftId });
      return {
        fileName: `cashier-shift-${shift.shiftId}.csv`,
        header: ['shift_id', 'terminal_id', 'operator_id', 'status', 'method', 'count', 'amount_minor', 'refunded_minor'],
        rows: [
          [shift.shiftId, shift.terminalId, shift.operatorId, shift.status, 'total', shift.totals.transactionCount, shift.totals.grossMinor,
            shift.totals.refundedMinor],
          ...shift.byPaymentMethod.map((m): Row => [shift.shiftId, shift.terminalId, shift.operatorId, shift.status, m.method, m.count,
            m.amountMinor, m.refundedMinor]),
        ],
      };
    }
    case 'reconciliation': {
      const r = await getReconciliation(ctx, { id: request.reconciliationId });
      return {
        fileName: `reconciliation-${r.businessDate}.csv`,
        header: ['business_date', 'record', 'scope', 'key', 'department_code', 'status', 'kind', 'expected_minor', 'reported_minor',
          'variance_minor', 'variance_bp', 'reason', 'transaction_id', 'reference'],
        // One row per terminal and department, then one per mismatch (the transactions that do not match).
        rows: [
          ...r.lines.map((l): Row => [r.businessDate, 'line', l.scope, l.key, l.departmentCode, l.status, null, l.expectedMinor, l.reportedMinor,
            l.varianceMinor, l.varianceBp, l.reason, null, null]),
          ...r.mismatches.map((m): Row => [r.businessDate, 'mismatch', m.scope, m.key, null, null, m.kind, m.expectedMinor, m.reportedMinor,
            null, null, null, m.transactionId, m.reference]),
        ],
      };
    }
    default:
      throw invalidArguments([{ path: 'kind', message: 'unknown export kind' }]);
  }
}

function rangeName({ fromDate, toDate }: reports.DateRange): string {
  return fromDate === toDate ? fromDate : `${fromDate}_${toDate}`;
}
