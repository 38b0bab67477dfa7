import type { terminals } from '@tillwire/contracts';
import type { z } from 'zod';

export type Terminal = terminals.Terminal;
export type PayRequest = z.output<typeof terminals.payParams>;
export type PayResult = terminals.PayResult;
export type ReverseRequest = z.output<typeof terminals.reverseParams>;
export type RefundRequest = z.output<typeof terminals.terminalRefundParams>;

/** `not_found`: no approved payment under that ServiceID, so there was nothing to undo. */
export interface ReverseResult {
  readonly outcome: 'reversed' | 'not_found';
  readonly reference: string | null;
}

/** A refund is approved or declined like a payment; an approved one carries the terminal's refund reference. */
export type RefundResult = PayResult;

/** Requests that contradict an earlier one with the same id are refused, never answered with another result. */
export type Attempt<Result, Refusal extends string> =
  | { readonly ok: true; readonly result: Result }
  | { readonly ok: false; readonly code: Refusal };

/**
 * What the use cases need of a card terminal. Each answer is idempotent: the same request (same
 * ServiceID, same refundId) gets the same result again.
 */
export interface CardTerminal {
  pay(terminal: Terminal, request: PayRequest): Promise<Attempt<PayResult, 'service_id_reused'>>;
  reverse(
    terminal: Terminal,
    request: ReverseRequest,
  ): Promise<Attempt<ReverseResult, 'service_id_reused' | 'payment_refunded'>>;
  refund(terminal: Terminal, request: RefundRequest): Promise<Attempt<RefundResult, 'refund_id_reused'>>;
}
