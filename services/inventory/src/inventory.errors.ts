import { inventory } from '@tillwire/contracts';
import { DomainError, type ErrorStatus } from '@tillwire/platform';
import type { InventoryFailure, Result } from './domain/inventory-failure';

const Code = inventory.InventoryErrorCode;
type Code = inventory.InventoryErrorCode;

/** The inventory service's one error class; over the broker it travels as `type` = code, `data` = details. */
export class InventoryError extends DomainError<Code> {
  readonly status: ErrorStatus;

  constructor(code: Code, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.status = inventoryStatus(code);
  }
}

export function inventoryStatus(code: Code): ErrorStatus {
  switch (code) {
    case Code.ValidationFailed:
      return 400;
    case Code.NotFound:
      return 404;
    case Code.AlreadyExists:
    case Code.InvalidState:
    case Code.StockContention:
      return 409;
    case Code.InsufficientStock:
    case Code.ReservationExpired:
      return 422;
    default:
      return unreachable(code);
  }
}

export function toInventoryError(failure: InventoryFailure): InventoryError {
  switch (failure.code) {
    case Code.InsufficientStock: {
      const { sku, requested, available } = failure;
      return new InventoryError(failure.code, `Only ${available} of ${sku} available, ${requested} requested`, {
        sku,
        requested,
        available,
      });
    }
    case Code.StockContention: {
      const { sku, locationCode, attempts } = failure;
      return new InventoryError(failure.code, `Stock of ${sku} is changing too fast; retry`, { sku, locationCode, attempts });
    }
    case Code.ReservationExpired:
      return new InventoryError(failure.code, 'The reservations of this transaction are no longer held', {
        transactionId: failure.transactionId,
      });
    case Code.AlreadyExists:
      return new InventoryError(failure.code, `A product with this ${failure.field} exists`, { [failure.field]: failure.value });
    case Code.ValidationFailed:
      return new InventoryError(failure.code, `No department ${failure.departmentCode}`, { departmentCode: failure.departmentCode });
    case Code.InvalidState: {
      const { reason, sku, onHand, reserved } = failure;
      return new InventoryError(
        failure.code,
        `Product ${sku} still holds stock (${onHand} on hand, ${reserved} reserved); bring it to zero before removing it`,
        { reason, onHand, reserved } satisfies inventory.ProductInStock,
      );
    }
    case Code.NotFound:
      switch (failure.entity) {
        case 'product':
          return new InventoryError(failure.code, `Unknown or inactive product(s): ${failure.skus.join(', ')}`, {
            skus: failure.skus,
          });
        case 'location':
          return new InventoryError(failure.code, `Unknown location ${failure.locationCode}`, {
            locationCode: failure.locationCode,
          });
        case 'reservation':
          return new InventoryError(failure.code, 'No reservations for this transaction', {
            transactionId: failure.transactionId,
          });
        default:
          return unreachable(failure);
      }
    default:
      return unreachable(failure);
  }
}

/** The value of a successful use case, or its failure thrown as an InventoryError. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw toInventoryError(result.failure);
}

function unreachable(value: never): never {
  throw new Error(`Unhandled inventory case ${JSON.stringify(value)}`);
}
