import { transactions } from '@tillwire/contracts';
import { DomainError, type ErrorStatus } from '@tillwire/platform';

export const TransactionsErrorCode = transactions.TransactionsErrorCode;
export type TransactionsErrorCode = transactions.TransactionsErrorCode;
const Code = transactions.TransactionsErrorCode;

function statusOf(code: TransactionsErrorCode): ErrorStatus {
  switch (code) {
    case Code.ValidationFailed:
      return 400;
    case Code.NotFound:
      return 404;
    case Code.InvalidState:
    case Code.InProgress:
      return 409;
    case Code.InsufficientStock:
    case Code.ReservationExpired:
    case Code.PaymentDeclined:
    case Code.DiscountNeedsApproval:
    case Code.PaymentMismatch:
    case Code.OverrideNeedsApproval:
      return 422;
    case Code.DependencyUnavailable:
      return 503;
  }
}

export class TransactionsError extends DomainError<TransactionsErrorCode> {
  readonly status = statusOf(this.code);
}

export const notFound = (id: string) => new TransactionsError(Code.NotFound, `Transaction ${id} not found`, { id });

export const invalidState = (id: string, status: string, action: string) =>
  new TransactionsError(Code.InvalidState, `Transaction ${id} is ${status} and cannot be ${action}`, { id, status });

export const reservationExpired = (id: string, expiresAt: string) =>
  new TransactionsError(Code.ReservationExpired, `The reservation of transaction ${id} expired at ${expiresAt}`, { id, expiresAt });

export const overrideNeedsApproval = (id: string) =>
  new TransactionsError(Code.OverrideNeedsApproval, `Voiding transaction ${id} needs a supervisor's approval`, { id });

export const receiptNotFound = (receiptNumber: number) =>
  new TransactionsError(Code.NotFound, `No transaction has receipt number ${receiptNumber}`, { receiptNumber });

export const paymentDeclined = (reason: string | undefined) =>
  new TransactionsError(Code.PaymentDeclined, 'The card payment was declined', { reason: reason ?? 'declined' });

/** A terminal takes payments (and pays cash back) only while a cashier shift is open on it. */
export const noOpenShift = (terminalId: string) =>
  new TransactionsError(Code.InvalidState, `Terminal ${terminalId} has no open shift`, { reason: 'no_open_shift', terminalId });

export const shiftNotFound = (terminalId: string, shiftId: string) =>
  new TransactionsError(Code.NotFound, `Terminal ${terminalId} has no shift ${shiftId}`, { terminalId, shiftId });

export const shiftAlreadyOpen = (terminalId: string, shiftId: string) =>
  new TransactionsError(Code.InvalidState, `Terminal ${terminalId} has an open shift already`, { reason: 'shift_open', terminalId, shiftId });

export const shiftClosed = (shiftId: string) =>
  new TransactionsError(Code.InvalidState, `Shift ${shiftId} is closed`, { reason: 'shift_closed', shiftId });

export const paymentsInProgress = (shiftId: string, count: number) =>
  new TransactionsError(Code.InvalidState, `Shift ${shiftId} has payments in progress; close it once they finish`, {
    reason: 'payments_in_progress',
    shiftId,
    count,
  });
