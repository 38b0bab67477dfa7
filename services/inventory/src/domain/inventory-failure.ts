import { inventory } from '@tillwire/contracts';

const Code = inventory.InventoryErrorCode;

/** Expected business outcomes, each carrying the data a caller needs to act on it. */
export type InventoryFailure =
  | { code: typeof Code.InsufficientStock; sku: string; requested: number; available: number }
  | { code: typeof Code.StockContention; sku: string; locationCode: string; attempts: number }
  | { code: typeof Code.ReservationExpired; transactionId: string }
  | { code: typeof Code.NotFound; entity: 'product'; skus: string[] }
  | { code: typeof Code.NotFound; entity: 'location'; locationCode: string }
  | { code: typeof Code.NotFound; entity: 'reservation'; transactionId: string }
  | { code: typeof Code.AlreadyExists; field: 'sku' | 'barcode'; value: string }
  | { code: typeof Code.ValidationFailed; departmentCode: string }
  | { code: typeof Code.InvalidState; reason: 'in_stock'; sku: string; onHand: number; reserved: number };

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: InventoryFailure };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(failure: InventoryFailure): { readonly ok: false; readonly failure: InventoryFailure } {
  return { ok: false, failure };
}

export const failures = {
  insufficientStock: (sku: string, requested: number, available: number): InventoryFailure => ({
    code: Code.InsufficientStock,
    sku,
    requested,
    available,
  }),
  stockContention: (sku: string, locationCode: string, attempts: number): InventoryFailure => ({
    code: Code.StockContention,
    sku,
    locationCode,
    attempts,
  }),
  reservationExpired: (transactionId: string): InventoryFailure => ({ code: Code.ReservationExpired, transactionId }),
  productsNotFound: (skus: string[]): InventoryFailure => ({ code: Code.NotFound, entity: 'product', skus }),
  locationNotFound: (locationCode: string): InventoryFailure => ({ code: Code.NotFound, entity: 'location', locationCode }),
  reservationsNotFound: (transactionId: string): InventoryFailure => ({
    code: Code.NotFound,
    entity: 'reservation',
    transactionId,
  }),
  alreadyExists: (field: 'sku' | 'barcode', value: string): InventoryFailure => ({ code: Code.AlreadyExists, field, value }),
  unknownDepartment: (departmentCode: string): InventoryFailure => ({ code: Code.ValidationFailed, departmentCode }),
  /** Sums over every location of the product. */
  inStock: (sku: string, onHand: number, reserved: number): InventoryFailure => ({
    code: Code.InvalidState,
    reason: 'in_stock',
    sku,
    onHand,
    reserved,
  }),
};
