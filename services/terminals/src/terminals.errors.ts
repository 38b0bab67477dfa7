import { terminals } from '@tillwire/contracts';
import { DomainError, type ErrorStatus } from '@tillwire/platform';

export const { TerminalsErrorCode } = terminals;
export type TerminalsErrorCode = terminals.TerminalsErrorCode;

/** The one place a terminals code meets its HTTP status; a new code fails to compile until mapped. */
export function terminalsErrorStatus(code: TerminalsErrorCode): ErrorStatus {
  switch (code) {
    case TerminalsErrorCode.ValidationFailed:
      return 400;
    case TerminalsErrorCode.NotFound:
      return 404;
    case TerminalsErrorCode.AlreadyExists:
    case TerminalsErrorCode.InvalidState:
      return 409;
    case TerminalsErrorCode.TerminalUnavailable:
      return 503;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped terminals error code: ${String(unmapped)}`);
    }
  }
}

export class TerminalsError extends DomainError<TerminalsErrorCode> {
  readonly status: ErrorStatus;

  constructor(code: TerminalsErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = terminalsErrorStatus(code);
  }
}

export const terminalsErrors = {
  terminalNotFound: (terminalId: string) =>
    new TerminalsError(TerminalsErrorCode.NotFound, `Terminal ${terminalId} not found`, { terminalId }),
  certificateNotFound: (terminalId: string, serialNumber: string) =>
    new TerminalsError(TerminalsErrorCode.NotFound, `Terminal ${terminalId} has no certificate ${serialNumber}`, {
      terminalId,
      serialNumber,
    }),
  certificateAlreadyRevoked: (terminalId: string, serialNumber: string, revokedAt: string) =>
    new TerminalsError(TerminalsErrorCode.InvalidState, `Certificate ${serialNumber} of terminal ${terminalId} is already revoked`, {
      terminalId,
      serialNumber,
      revokedAt,
    }),
  alreadyExists: (terminalId: string) =>
    new TerminalsError(TerminalsErrorCode.AlreadyExists, `Terminal ${terminalId} already exists`, { terminalId }),
  /** The request names a department that does not exist: bad input (400), not a missing terminal (404). */
  unknownDepartment: (departmentCode: string) =>
    new TerminalsError(TerminalsErrorCode.ValidationFailed, `Department ${departmentCode} does not exist`, {
      departmentCode,
    }),
  unknownLocation: (locationCode: string) =>
    new TerminalsError(TerminalsErrorCode.ValidationFailed, `Location ${locationCode} does not exist`, { locationCode }),
  openTransactions: (terminalId: string, openTransactions: number) =>
    new TerminalsError(
      TerminalsErrorCode.InvalidState,
      `Terminal ${terminalId} has ${openTransactions} open transaction(s); its department cannot change now`,
      { terminalId, openTransactions },
    ),
  /** Its open transactions would lose the terminal they are being paid on. */
  removalWithOpenTransactions: (terminalId: string, count: number) =>
    new TerminalsError(
      TerminalsErrorCode.InvalidState,
      `Terminal ${terminalId} has ${count} open transaction(s); complete or cancel them before removing it`,
      { reason: 'open_transactions', count } satisfies terminals.TerminalHasOpenTransactions,
    ),
  /** nexo: a ServiceID is unique per terminal, so a reuse for another request is rejected. */
  serviceIdReused: (terminalId: string, serviceId: string) =>
    new TerminalsError(
      TerminalsErrorCode.InvalidState,
      `ServiceID ${serviceId} was already used on terminal ${terminalId} for another request`,
      { terminalId, serviceId },
    ),
  refundIdReused: (refundId: string) =>
    new TerminalsError(TerminalsErrorCode.InvalidState, `Refund ${refundId} was already sent with other details`, {
      refundId,
    }),
  refundedPayment: (terminalId: string, serviceId: string) =>
    new TerminalsError(
      TerminalsErrorCode.InvalidState,
      `Payment ${serviceId} on terminal ${terminalId} has refunds; refund the rest instead of reversing it`,
      { terminalId, serviceId },
    ),
  /** No session can carry the command now; for a payment already sent, its outcome is not known yet. */
  unavailable: (terminalId: string, detail: string) =>
    new TerminalsError(TerminalsErrorCode.TerminalUnavailable, `Terminal ${terminalId} is unavailable: ${detail}`, {
      terminalId,
      detail,
    }),
  /** A vendor posted an event about a terminal of another vendor. */
  otherVendor: (terminalId: string, vendor: string) =>
    new TerminalsError(TerminalsErrorCode.ValidationFailed, `Terminal ${terminalId} is not a ${vendor} terminal`, { terminalId, vendor }),
};
