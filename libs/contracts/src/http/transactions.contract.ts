import { z } from 'zod';
import { dayFigures, terminalId } from '../broker/terminals.contract';
import { code, minorUnits, nonNegativeMinor, quantity, requiredText, sku, stockLine, uuid } from '../primitives';

/** Broker actions of the transactions service. Errors travel with `type` = TransactionsErrorCode. */
export const TransactionsActions = {
  create: 'transactions.create',
  get: 'transactions.get',
  complete: 'transactions.complete',
  /** `{id, override?: {reason, approvedBy}}`: an override (void) records why and who approved it. */
  cancel: 'transactions.cancel',
  /** `{receiptNumber}` → the transaction printed with that receipt number. */
  findByReceipt: 'transactions.findByReceipt',
  refund: 'transactions.refund',
  openCount: 'transactions.openCount',
  /**
   * `{date?}` → one store day's completed sales per terminal (day in STORE_TIME_ZONE, today when
   * absent), net of the refunds made that day; cached 30 s, `meta.$cache = false` recomputes and re-caches.
   */
  terminalDay: 'transactions.terminalDay',
  /** `{from, to}` → the sales completed in the window with their lines and card payments (reconciliation). */
  dayLedger: 'transactions.dayLedger',
} as const;

/** Durable channels the transactions outbox relays to; consumers must be idempotent (delivery is at least once). */
export const TransactionChannels = {
  completed: 'transactions.completed',
  cancelled: 'transactions.cancelled',
  expired: 'transactions.expired',
  refunded: 'transactions.refunded',
} as const;

/** A sale's (or refund's) amount and units booked to one department. */
export const departmentShare = z.object({ departmentCode: code, amountMinor: nonNegativeMinor, units: z.number().int().min(0) });
export type DepartmentShare = z.infer<typeof departmentShare>;

export const transactionCompletedEvent = z.object({
  transactionId: uuid,
  receiptNumber: z.number().int(),
  terminalId,
  departmentCode: code,
  customerId: z.string().nullable(),
  totalMinor: nonNegativeMinor,
  payments: z.array(
    z.object({
      method: z.enum(['cash', 'card', 'points']),
      amountMinor: nonNegativeMinor,
      /** Cash handed back (tendered − amount); absent for other methods and in events written before it existed. */
      changeMinor: nonNegativeMinor.optional(),
    }),
  ),
  /**
   * What reports need of a sale. Optional: events written before these fields existed lack them, and
   * a consumer falls back (completion time → when it hears of it, currency → EUR, departments → the
   * terminal's department for the whole total).
   */
  completedAt: z.string().datetime({ offset: true }).optional(),
  currency: z.string().length(3).optional(),
  discountMinor: nonNegativeMinor.optional(),
  shiftId: uuid.nullable().optional(),
  /** The operator of the shift the sale was paid in. */
  operatorId: z.string().nullable().optional(),
  /** The sale's allocation: its line totals and units per department. */
  departments: z.array(departmentShare).optional(),
});
export type TransactionCompletedEvent = z.infer<typeof transactionCompletedEvent>;
/** The currency a completed sale was booked in; an event from before events named it was in EUR, the only currency then. */
export const saleCurrency = (sale: Pick<TransactionCompletedEvent, 'currency'>): string => sale.currency ?? 'EUR';

/** `transactions.refunded`: one refund of a sale. The optional fields, as for completion, are what reports need. */
export const transactionRefundedEvent = z.object({
  transactionId: uuid,
  refundId: uuid,
  terminalId,
  customerId: z.string().nullable(),
  amountMinor: nonNegativeMinor,
  refundedAt: z.string().datetime({ offset: true }).optional(),
  /** The part paid back in cash from the drawer. */
  cashMinor: nonNegativeMinor.optional(),
  departments: z.array(departmentShare).optional(),
  payments: z.array(z.object({ method: z.enum(['cash', 'card', 'points']), amountMinor: nonNegativeMinor })).optional(),
});
export type TransactionRefundedEvent = z.infer<typeof transactionRefundedEvent>;

export enum TransactionsErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  InvalidState = 'invalid_state',
  InsufficientStock = 'insufficient_stock',
  ReservationExpired = 'reservation_expired',
  PaymentDeclined = 'payment_declined',
  DiscountNeedsApproval = 'discount_needs_approval',
  PaymentMismatch = 'payment_mismatch',
  /** A supervisor override (void) without a supervisor's approval (422). */
  OverrideNeedsApproval = 'override_needs_approval',
  InProgress = 'in_progress',
  DependencyUnavailable = 'dependency_unavailable',
}

export const discount = z
  .object({
    type: z.enum(['percent', 'fixed']),
    /** Whole percent (0-100) for `percent`, minor units for `fixed`. */
    value: z.number().int().min(0),
    approvedBy: requiredText(64).optional(),
  })
  .strict()
  .refine((d) => d.type !== 'percent' || d.value <= 100, { message: 'percent must be 0-100', path: ['value'] });

/** `POST /pos/transactions`. The department is the terminal's, decided server-side: the body cannot name one. */
export const createTransactionRequest = z
  .object({
    terminalId,
    lines: z.array(stockLine.strict()).min(1).max(100),
    customerId: requiredText(64).optional(),
    discount: discount.optional(),
  })
  .strict();
export type CreateTransactionRequest = z.infer<typeof createTransactionRequest>;

export const createTransactionParams = createTransactionRequest.safeExtend({ transactionId: uuid });

export const payment = z
  .object({
    method: z.enum(['cash', 'card', 'points']),
    amountMinor: nonNegativeMinor.min(1),
    tenderedMinor: nonNegativeMinor.optional(),
  })
  .strict();
export const completeTransactionRequest = z.object({ payments: z.array(payment).min(1).max(5) }).strict();
export type CompleteTransactionRequest = z.infer<typeof completeTransactionRequest>;
export const completeTransactionParams = completeTransactionRequest.safeExtend({ id: uuid });

export const refundRequest = z
  .object({ lines: z.array(stockLine.strict()).min(1).max(100), reason: requiredText(500) })
  .strict();
export type RefundRequest = z.infer<typeof refundRequest>;
export const refundParams = refundRequest.safeExtend({ id: uuid, refundId: uuid });

export const transactionIdParams = z.object({ id: uuid });

/** `POST /pos/transactions/{id}/void`: a supervisor's override closing a reserved sale, with why. */
export const voidRequest = z.object({ reason: requiredText(200) }).strict();
export type VoidRequest = z.infer<typeof voidRequest>;
/** A cancel; an override carries its reason and approver (absent: nobody approved, and it is refused). */
export const cancelParams = transactionIdParams.extend({
  override: voidRequest.extend({ approvedBy: requiredText(64).optional() }).optional(),
});

/** Receipt numbers are the store's, unique across terminals. */
export const receiptNumber = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
export const findByReceiptParams = z.object({ receiptNumber });
export const openCountParams = z.object({ terminalId });

export const terminalDayParams = z.object({ date: z.iso.date().optional() });
/** Sales completed that day; their totals minus every refund made that day of the terminal's sales (of any day). */
export const terminalDayFigures = dayFigures.extend({ terminalId });
export type TerminalDayFigures = z.infer<typeof terminalDayFigures>;
/** Only terminals with a sale or a refund that day are listed. */
export const terminalDayResult = z.object({
  date: z.iso.date(),
  timeZone: z.string(),
  /** STORE_CURRENCY: what the figures are in. */
  currency: z.string().length(3),
  terminals: z.array(terminalDayFigures),
});
export type TerminalDayResult = z.infer<typeof terminalDayResult>;

export const transactionStatus = z.enum([
  'pending',
  'reserved',
  'completing',
  'completed',
  'cancelled',
  'expired',
  'failed',
  'partially_refunded',
  'refunded',
]);

export const transactionLine = z.object({
  lineNo: z.number().int(),
  sku,
  name: z.string(),
  quantity,
  unitPriceMinor: nonNegativeMinor,
  taxMinor: nonNegativeMinor,
  discountMinor: nonNegativeMinor,
  lineTotalMinor: nonNegativeMinor,
  departmentCode: code,
  /** Units of the line refunded so far. */
  refundedQuantity: z.number().int().min(0),
});

export const totals = z.object({
  subtotalMinor: nonNegativeMinor,
  discountMinor: nonNegativeMinor,
  taxMinor: nonNegativeMinor,
  totalMinor: nonNegativeMinor,
});

export const paymentView = z.object({
  id: uuid,
  method: z.enum(['cash', 'card', 'points']),
  amountMinor: nonNegativeMinor,
  tenderedMinor: nonNegativeMinor.nullable(),
  changeMinor: nonNegativeMinor.nullable(),
  status: z.enum(['pending', 'approved', 'declined', 'reversed', 'refunded']),
  reference: z.string().nullable(),
  refundedMinor: nonNegativeMinor,
});

export const transactionView = z.object({
  id: uuid,
  receiptNumber: z.number().int(),
  status: transactionStatus,
  terminalId,
  departmentCode: code,
  customerId: z.string().nullable(),
  /** ISO 4217 code of every amount of the transaction. */
  currency: z.string().length(3),
  lines: z.array(transactionLine),
  totals,
  reservationExpiresAt: z.string().nullable(),
  payments: z.array(paymentView),
  changeMinor: minorUnits,
  statusHistory: z.array(z.object({ from: transactionStatus.nullable(), to: transactionStatus, reason: z.string().nullable(), at: z.string() })),
  refunds: z.array(z.object({ id: uuid, reason: z.string(), amountMinor: nonNegativeMinor, createdAt: z.string() })),
});
export type TransactionView = z.infer<typeof transactionView>;

// A transaction's trace (GET /admin/transactions/{id}/trace) and the waterfall the console draws of it.
export * from './trace.contract';
export * from './trace-waterfall';
