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
