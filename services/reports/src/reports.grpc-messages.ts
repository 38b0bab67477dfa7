import { reportsV1 } from '@tillwire/contracts/grpc';
import type { ReconciliationHeader, ReconciliationListItem, StoredReconciliation } from './db/reconciliations.repository';
import type { MethodFigures } from './domain/figures';
import type { ReconciliationLine, ReconciliationStatus } from './domain/reconciliation';
import type { CashierShift } from './use-cases/cashier-shift-report';
import type { DepartmentSalesRow } from './use-cases/department-sales';
import type { TerminalDailySummary } from './use-cases/terminal-daily-summaries';

const METHODS: Record<string, reportsV1.PaymentMethod> = {
  cash: reportsV1.PaymentMethod.PAYMENT_METHOD_CASH,
  card: reportsV1.PaymentMethod.PAYMENT_METHOD_CARD,
  points: reportsV1.PaymentMethod.PAYMENT_METHOD_POINTS,
};

const method = (m: MethodFigures): reportsV1.PaymentMethodSummary => ({
  method: METHODS[m.method] ?? reportsV1.PaymentMethod.PAYMENT_METHOD_UNSPECIFIED,
  count: m.count,
  amountMinor: m.amountMinor,
  refundedMinor: m.refundedMinor,
});

export const summariesResponse = (summaries: TerminalDailySummary[]): reportsV1.TerminalDailySummariesResponse => ({
  summaries: summaries.map((s) => ({ ...s, byPaymentMethod: s.byPaymentMethod.map(method) })),
});

export const departmentSalesResponse = (rows: DepartmentSalesRow[]): reportsV1.DepartmentSalesResponse => ({
  rows: rows.map((row) => ({ ...row, byPaymentMethod: [] })),
});

export const shiftResponse = (shift: CashierShift): reportsV1.CashierShiftReportResponse => ({
  shift: {
    ...shift,
    status: shift.status === 'open' ? reportsV1.ShiftStatus.SHIFT_STATUS_OPEN : reportsV1.ShiftStatus.SHIFT_STATUS_CLOSED,
    byPaymentMethod: shift.byPaymentMethod.map(method),
  },
});

const STATUSES: Record<ReconciliationStatus, reportsV1.ReconciliationStatus> = {
  ok: reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_OK,
  warn: reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_WARN,
  fail: reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_FAIL,
};
const STATES: Record<ReconciliationHeader['state'], reportsV1.ReconciliationState> = {
  running: reportsV1.ReconciliationState.RECONCILIATION_STATE_RUNNING,
  completed: reportsV1.ReconciliationState.RECONCILIATION_STATE_COMPLETED,
  failed: reportsV1.ReconciliationState.RECONCILIATION_STATE_FAILED,
};
/** The wire's status filter; unspecified = every status. */
export const statusFilterOf = (status: reportsV1.ReconciliationStatus): ReconciliationStatus | undefined =>
  (Object.keys(STATUSES) as ReconciliationStatus[]).find((key) => STATUSES[key] === status);

const statusOf = (status: ReconciliationStatus | null) => (status ? STATUSES[status] : reportsV1.ReconciliationStatus.RECONCILIATION_STATUS_UNSPECIFIED);

const variance = (line: ReconciliationLine): reportsV1.Variance => ({
  expectedMinor: line.expectedMinor,
  reportedMinor: line.reportedMinor,
  varianceMinor: line.varianceMinor,
  varianceBp: line.varianceBp ?? undefined,
  mismatchingTransactionIds: line.mismatchingTransactionIds,
  status: STATUSES[line.status],
  reason: line.reason ?? undefined,
});

export const reconciliationMessage = (r: StoredReconciliation): reportsV1.Reconciliation => ({
  id: r.id,
  businessDate: r.businessDate,
  state: STATES[r.state],
  status: statusOf(r.status),
  warnThresholdBp: r.warnThresholdBp,
  failThresholdBp: r.failThresholdBp,
  startedAt: r.startedAt,
  completedAt: r.completedAt ?? undefined,
  currency: r.currency,
  terminals: r.lines.filter((l) => l.scope === 'terminal').map((l) => ({ terminalId: l.key, departmentCode: l.departmentCode, variance: variance(l) })),
  departments: r.lines.filter((l) => l.scope === 'department').map((l) => ({ departmentCode: l.key, variance: variance(l) })),
  error: r.error ?? undefined,
  mismatches: r.mismatches.map((m) => ({
    kind: m.kind,
    scope: m.scope,
    key: m.key,
    transactionId: m.transactionId ?? undefined,
    reference: m.reference ?? undefined,
    expectedMinor: m.expectedMinor ?? undefined,
    reportedMinor: m.reportedMinor ?? undefined,
  })),
});

export const reconciliationResponse = (r: StoredReconciliation) => ({ reconciliation: reconciliationMessage(r) });

export const reconciliationListResponse = ({ items, nextPageToken }: { items: ReconciliationListItem[]; nextPageToken: string }): reportsV1.ListReconciliationsResponse => ({
  reconciliations: items.map((r) => ({
    id: r.id,
    businessDate: r.businessDate,
    state: STATES[r.state],
    status: statusOf(r.status),
    startedAt: r.startedAt,
    completedAt: r.completedAt ?? undefined,
    okCount: r.okCount,
    warnCount: r.warnCount,
    failCount: r.failCount,
  })),
  nextPageToken,
});
