import { deadLetters } from '@tillwire/contracts';
import { DomainError, type ErrorStatus } from '../errors/domain-error';

const Code = deadLetters.DeadLettersErrorCode;
type Code = deadLetters.DeadLettersErrorCode;

/** What replaying or discarding a letter can meet besides success. */
export type DeadLetterFailure =
  | { code: deadLetters.DeadLettersErrorCode.NotFound; id: string }
  | { code: deadLetters.DeadLettersErrorCode.InvalidState; id: string; status: deadLetters.DeadLetterStatus };

export type DeadLetterResult<T> = { ok: true; value: T } | { ok: false; failure: DeadLetterFailure };

/** The one place a dead-letter code meets its HTTP status; a new code fails to compile until mapped. */
export function deadLetterErrorStatus(code: Code): ErrorStatus {
  switch (code) {
    case Code.ValidationFailed:
      return 400;
    case Code.NotFound:
      return 404;
    case Code.InvalidState:
      return 409;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped dead-letter error code: ${String(unmapped)}`);
    }
  }
}

export class DeadLetterError extends DomainError<Code> {
  readonly status: ErrorStatus;

  constructor(code: Code, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = deadLetterErrorStatus(code);
  }
}

/** The value of a successful use case, or its failure thrown as a DeadLetterError. */
export function unwrap<T>(result: DeadLetterResult<T>): T {
  if (result.ok) return result.value;
  throw toDeadLetterError(result.failure);
}

function toDeadLetterError(failure: DeadLetterFailure): DeadLetterError {
  switch (failure.code) {
    case Code.NotFound:
      return new DeadLetterError(failure.code, `Dead letter ${failure.id} not found`, { id: failure.id });
    case Code.InvalidState:
      return new DeadLetterError(failure.code, `Dead letter ${failure.id} is ${failure.status}; only a dead one can be replayed or discarded`, {
        id: failure.id,
        status: failure.status,
      });
  }
}
