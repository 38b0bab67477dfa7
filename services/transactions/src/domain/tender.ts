export interface TenderedPayment {
  method: 'cash' | 'card' | 'points';
  amountMinor: number;
  tenderedMinor?: number;
}

export type TenderProblem =
  | { code: 'sum_mismatch'; totalMinor: number; paidMinor: number }
  | { code: 'tendered_too_little'; index: number }
  | { code: 'tendered_not_cash'; index: number };

/** Split payments must add up to the total; only cash takes a tendered amount, and it must cover the payment. */
export function checkTender(payments: readonly TenderedPayment[], totalMinor: number): TenderProblem | undefined {
  for (const [index, payment] of payments.entries()) {
    if (payment.tenderedMinor === undefined) continue;
    if (payment.method !== 'cash') return { code: 'tendered_not_cash', index };
    if (payment.tenderedMinor < payment.amountMinor) return { code: 'tendered_too_little', index };
  }
  const paidMinor = payments.reduce((sum, p) => sum + p.amountMinor, 0);
  return paidMinor === totalMinor ? undefined : { code: 'sum_mismatch', totalMinor, paidMinor };
}

/** Change handed back: what cash was tendered beyond the cash amounts. */
export function changeDue(payments: readonly TenderedPayment[]): number {
  return payments.reduce((sum, p) => sum + (p.method === 'cash' && p.tenderedMinor !== undefined ? p.tenderedMinor - p.amountMinor : 0), 0);
}
