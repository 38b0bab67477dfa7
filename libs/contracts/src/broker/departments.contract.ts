import { z } from 'zod';
import { code, minorUnits, requiredText, sku, uuid } from '../primitives';
import { businessDate } from './reports.contract';

/** Broker actions of the departments service. Errors travel with `type` = DepartmentsErrorCode. */
export const DepartmentsActions = {
  list: 'departments.list',
  get: 'departments.get',
  create: 'departments.create',
  update: 'departments.update',
  /** Deletes a department no terminal or product uses any more; its ledger entries stay. */
  remove: 'departments.remove',
  allocate: 'departments.allocate',
  unallocate: 'departments.unallocate',
  refund: 'departments.refund',
  ledger: 'departments.ledger',
  /** `{from, to}` → sale and reversal entries booked in the window per line (reconciliation). */
  dayLedger: 'departments.dayLedger',
  /** `{date?}` → a store day's ledger (STORE_TIME_ZONE; today when absent) summed per local hour and department. */
  salesByHour: 'departments.salesByHour',
} as const;

export enum DepartmentsErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  AlreadyExists = 'already_exists',
  InvalidState = 'invalid_state',
}

export const department = z.object({ code, name: requiredText(120) });
export type Department = z.infer<typeof department>;

export const listDepartmentsParams = z.object({});
export const listDepartmentsResult = z.object({ departments: z.array(department) });
export const getDepartmentParams = z.object({ code });
export const updateDepartmentParams = department;
export const removeDepartmentParams = z.object({ code });
/** `invalid_state` details of a department that terminals or products still use. */
export const departmentInUse = z.object({
  reason: z.literal('in_use'),
  terminals: z.number().int().min(0),
  products: z.number().int().min(0),
});
export type DepartmentInUse = z.infer<typeof departmentInUse>;

/** Where a line of a product from another department is booked. */
export const allocationRule = z.enum(['terminal', 'product']);
export type AllocationRule = z.infer<typeof allocationRule>;

export const allocationLine = z.object({
  lineNo: z.number().int().min(1),
  sku,
  productDepartmentCode: code,
  /** Line total after discount, tax included. */
  amountMinor: minorUnits,
  taxMinor: minorUnits,
});
export const allocateParams = z.object({
  transactionId: uuid,
  terminalDepartmentCode: code,
  lines: z.array(allocationLine).min(1).max(200),
});
export const ledgerEntry = z.object({
  lineNo: z.number().int(),
  departmentCode: code,
  sku,
  kind: z.enum(['sale', 'refund', 'reversal']),
  amountMinor: minorUnits,
  taxMinor: minorUnits,
});
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export const allocateResult = z.object({ entries: z.array(ledgerEntry) });

export const unallocateParams = z.object({ transactionId: uuid });

export const departmentRefundParams = z.object({
  transactionId: uuid,
  refundId: uuid,
  lines: z
    .array(z.object({ lineNo: z.number().int().min(1), amountMinor: minorUnits, taxMinor: minorUnits }))
    .min(1)
    .max(200),
});

export const ledgerParams = z.object({ transactionId: uuid });

export const salesByHourParams = z.object({ date: businessDate.optional() });
/**
 * What the ledger booked to a department in one local hour: sales when they were allocated (at
 * reservation), less the reversals of cancelled or expired ones and the refunds made in that hour.
 */
export const hourSales = z.object({ hour: z.number().int().min(0).max(23), departmentCode: code, amountMinor: minorUnits });
export type HourSales = z.infer<typeof hourSales>;
/** Hours without entries are left out; `date` is the store day read, `timeZone` the store's. */
export const salesByHourResult = z.object({ date: businessDate, timeZone: z.string(), hours: z.array(hourSales) });
export type SalesByHourResult = z.infer<typeof salesByHourResult>;
