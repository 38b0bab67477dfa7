import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';

export type PayRequest = z.output<typeof terminals.payParams>;
export type PayResult = terminals.PayResult;
export type ReverseRequest = z.output<typeof terminals.reverseParams>;
export type RefundRequest = z.output<typeof terminals.terminalRefundParams>;
/** A refund is approved or declined like a payment; an approved one carries the terminal's refund reference. */
export type RefundResult = PayResult;

/** `not_found`: no approved payment under that ServiceID, so there was nothing to undo. */
export interface ReverseResult {
  readonly outcome: 'reversed' | 'not_found';
  readonly reference: string | null;
}

/** Requests that contradict an earlier one with the same id are refused, never answered with another result. */
export type Attempt<Result, Refusal extends string> =
  | { readonly ok: true; readonly result: Result }
  | { readonly ok: false; readonly code: Refusal };

/**
 * The built-in simulated terminal's rules. It approves every payment except amounts whose minor
 * units end in 51 (10.51, 0.51 …), which it declines with `card_declined`, so tests and demos can
 * produce a decline at will. The outcome depends only on the amount and the ServiceID.
 */
const DECLINED_CENTS = 51;

export function simulatedAuthorisation(serviceId: string, amountMinor: number): PayResult {
  return amountMinor % 100 === DECLINED_CENTS
    ? { outcome: 'declined', reference: null, reason: 'card_declined' }
    : { outcome: 'approved', reference: simulatorReference(serviceId) };
}

const simulatorReference = (serviceId: string) => `SIM-${serviceId}`;
const simulatorRefundReference = (refundId: string) => `SIMR-${refundId}`;

/** The ServiceID behind a reference this simulator issued, if it is one. */
export function serviceIdOf(reference: string): string | undefined {
  return /^SIM-(.{1,10})$/.exec(reference)?.[1];
}

/** What the simulator remembers of one ServiceID on one terminal. */
export interface SimulatedPayment {
  readonly paymentId: string;
  /** Absent for a ServiceID that was reversed before any payment arrived under it. */
  readonly amount?: { readonly amountMinor: number; readonly currency: string };
  readonly state: 'approved' | 'declined' | 'reversed' | 'aborted';
  readonly result: PayResult;
  readonly refundedMinor: number;
}

/** The answer, and the record to remember when it changed. */
type Decision<Result, Refusal extends string> = Attempt<Result, Refusal> & { readonly record?: SimulatedPayment };

/** A first request decides; a repeat gets the first result; another request under the same ServiceID is refused. */
export function decidePayment(existing: SimulatedPayment | undefined, request: PayRequest): Decision<PayResult, 'service_id_reused'> {
  if (!existing) {
    const result = simulatedAuthorisation(request.serviceId, request.amountMinor);
    const state = result.outcome === 'approved' ? 'approved' : 'declined';
    const amount = { amountMinor: request.amountMinor, currency: request.currency };
    return { ok: true, result, record: { paymentId: request.paymentId, amount, state, result, refundedMinor: 0 } };
  }
  const sameRequest =
    existing.paymentId === request.paymentId &&
    (!existing.amount ||
      (existing.amount.amountMinor === request.amountMinor && existing.amount.currency === request.currency));
  return sameRequest ? { ok: true, result: existing.result } : { ok: false, code: 'service_id_reused' };
}

const ABORTED: PayResult = { outcome: 'declined', reference: null, reason: 'aborted' };

/**
 * Undoes an approved payment. Reversing a ServiceID the terminal never saw succeeds with `not_found`
 * and burns the ServiceID, so a payment request arriving late under it is declined, never charged.
 */
export function decideReversal(
  existing: SimulatedPayment | undefined,
  request: ReverseRequest,
): Decision<ReverseResult, 'service_id_reused' | 'payment_refunded'> {
  const notFound: ReverseResult = { outcome: 'not_found', reference: null };
  if (!existing) {
    const record: SimulatedPayment = { paymentId: request.paymentId, state: 'aborted', result: ABORTED, refundedMinor: 0 };
    return { ok: true, result: notFound, record };
  }
  if (existing.paymentId !== request.paymentId) return { ok: false, code: 'service_id_reused' };
  switch (existing.state) {
    case 'approved':
      if (existing.refundedMinor > 0) return { ok: false, code: 'payment_refunded' };
      return {
        ok: true,
        result: { outcome: 'reversed', reference: existing.result.reference },
        record: { ...existing, state: 'reversed' },
      };
    case 'reversed':
      return { ok: true, result: { outcome: 'reversed', reference: existing.result.reference } };
    case 'declined':
    case 'aborted':
      return { ok: true, result: notFound };
  }
}

/**
 * Refunds part or all of an approved payment. A reference the simulator issued but no longer
 * remembers (its memory did not survive a restart) is still honoured, without an amount check.
 */
export function decideRefund(
  payment: SimulatedPayment | undefined,
  request: RefundRequest,
): { readonly result: RefundResult; readonly record?: SimulatedPayment } {
  const decline = (reason: string) => ({ result: { outcome: 'declined', reference: null, reason } as const });
  const approved: RefundResult = { outcome: 'approved', reference: simulatorRefundReference(request.refundId) };
  if (!payment) return serviceIdOf(request.reference) ? { result: approved } : decline('unknown_reference');
  if (payment.state !== 'approved' || payment.paymentId !== request.paymentId) {
    return decline(payment.state === 'reversed' ? 'payment_reversed' : 'unknown_reference');
  }
  if (payment.amount && payment.amount.currency !== request.currency) return decline('currency_mismatch');
  if (payment.amount && request.amountMinor > payment.amount.amountMinor - payment.refundedMinor) {
    return decline('exceeds_payment');
  }
  return { result: approved, record: { ...payment, refundedMinor: payment.refundedMinor + request.amountMinor } };
}
