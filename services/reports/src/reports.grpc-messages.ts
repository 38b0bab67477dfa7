import { reportsV1 } from '@tillwire/contracts/grpc';
import type { MethodFigures } from './domain/figures';
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
