import { audit } from '@tillwire/contracts';
import { DomainError, type ErrorStatus } from '../errors/domain-error';

const Code = audit.AuditErrorCode;
type Code = audit.AuditErrorCode;

/** The one place an audit code meets its HTTP status; a new code fails to compile until mapped. */
export function auditErrorStatus(code: Code): ErrorStatus {
  switch (code) {
    case Code.ValidationFailed:
      return 400;
    default: {
      const unmapped: never = code;
      throw new Error(`Unmapped audit error code: ${String(unmapped)}`);
    }
  }
}

export class AuditError extends DomainError<Code> {
  readonly status: ErrorStatus;

  constructor(code: Code, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = auditErrorStatus(code);
  }
}
