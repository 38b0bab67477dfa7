import type { transactions } from '@tillwire/contracts';
import type { Discount, PricedLine, Totals } from '../domain/pricing';
import type { RefundLine } from '../domain/refund';

/** A checkout priced before its saga starts (see priceCheckout). */
export interface CreateTransactionCtx {
  transactionId: string;
  terminalId: string;
  departmentCode: string;
  locationCode: string;
  /** The requested lines, one per SKU. */
  lines: Array<{ sku: string; quantity: number }>;
  priced: PricedLine[];
  totals: Totals;
  /** The store's currency (STORE_CURRENCY), which the prices are in. */
  currency: string;
  customerId?: string;
  discount?: Discount & { approvedBy?: string };
  expiresAt: string;
  /** Set by the record step. */
  recorded?: boolean;
  /** Set by the reserve step. */
  reservationIds?: string[];
  /** Set by the allocate step. */
  allocated?: boolean;
}

export interface CheckoutPayment {
  id: string;
  method: 'cash' | 'card' | 'points';
  amountMinor: number;
  tenderedMinor?: number;
}

/** What the completion's steps need of the transaction, read once before the saga starts. */
export interface SaleFacts {
  receiptNumber: number;
  terminalId: string;
  departmentCode: string;
  customerId: string | null;
  currency: string;
  totalMinor: number;
  discountMinor: number;
  /** The sale split by department, as its lines book it. */
  departments: transactions.DepartmentShare[];
}

export interface CompleteTransactionCtx {
  transactionId: string;
  sale: SaleFacts;
  payments: CheckoutPayment[];
  /** Set by the hold step, with the open shift the sale is paid in. */
  held?: boolean;
  shift?: { id: string; operatorId: string };
  /** Set by the points step: the loyalty account the points came from. */
  pointsAccountId?: string;
  /** Set by the card step. */
  approvedCardPaymentIds?: string[];
  /** Set by the commit step. */
  committed?: boolean;
}

export interface CloseTransactionCtx {
  transactionId: string;
  closedAs: 'cancelled' | 'expired';
  /** Why, for the status history: a supervisor's override names its reason and approver. */
  reason?: string;
}

export interface RefundTransactionCtx {
  transactionId: string;
  refundId: string;
  reason: string;
  lines: Array<{ sku: string; quantity: number }>;
  /** Set by the record step. */
  amountMinor?: number;
  refundLines?: RefundLine[];
  paymentRefunds?: Array<{ paymentId: string; method: 'cash' | 'card' | 'points'; amountMinor: number }>;
}
