import { ApiError } from '@tillwire/contracts';

const MESSAGES: Record<string, string> = {
  invalid_credentials: 'That username and PIN or password do not match.',
  account_locked: 'This account is locked after too many failed attempts. Try again later.',
  dependency_unavailable: 'The platform is not reachable right now. Retry in a moment.',
  in_progress: 'This is still being processed. Retry in a moment.',
  rate_limited: 'Too many requests. Wait a moment and retry.',
  reservation_expired: 'The reservation of this sale expired. Re-reserve to keep selling it.',
  discount_needs_approval: "This discount needs a supervisor's approval.",
  override_needs_approval: "Voiding needs a supervisor's approval.",
  payment_mismatch: 'The payments do not add up to the total.',
  token_invalid: 'Your session has ended. Sign in again.',
  token_expired: 'Your session has ended. Sign in again.',
};

/** A sentence an operator can act on, for any failure. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Retry, or ask a supervisor.';
  const details = (error.details ?? {}) as Record<string, unknown>;
  switch (error.code) {
    case 'insufficient_stock':
      return `Not enough stock of ${String(details.sku)}: ${String(details.available)} available.`;
    case 'payment_declined':
      return `The card was declined (${String(details.reason ?? 'declined').replaceAll('_', ' ')}).`;
    case 'insufficient_points':
      return `The member has only ${String(details.available)} points.`;
    case 'forbidden':
      return forbiddenMessage(details, error.message);
    case 'invalid_state':
      if (details.reason === 'no_open_shift') return 'This terminal has no open cashier shift: open one before taking payments.';
      if (details.status === 'expired') return MESSAGES.reservation_expired!;
      return `This sale can no longer be changed (${String(details.status ?? error.message)}).`;
    default:
      return MESSAGES[error.code] ?? error.message;
  }
}

function forbiddenMessage(details: Record<string, unknown>, fallback: string): string {
  switch (details.reason) {
    case 'other_terminal':
      return `That belongs to terminal ${String(details.terminalId)}, not this one.`;
    case 'approver_not_allowed':
      return 'That user may not approve this here.';
    case 'approval_invalid':
      return 'The approval is no longer valid. Ask the supervisor again.';
    default:
      return fallback;
  }
}
