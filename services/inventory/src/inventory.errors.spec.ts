import { inventory } from '@tillwire/contracts';
import { toBrokerError } from '@tillwire/platform';
import { describe, expect, it } from 'vitest';
import { failures } from './domain/inventory-failure';
import { inventoryStatus, toInventoryError, unwrap } from './inventory.errors';

const Code = inventory.InventoryErrorCode;

describe('inventory errors', () => {
  it('map every code to its HTTP status', () => {
    expect(Object.fromEntries(Object.values(Code).map((code) => [code, inventoryStatus(code)]))).toEqual({
      validation_failed: 400,
      not_found: 404,
      already_exists: 409,
      invalid_state: 409,
      stock_contention: 409,
      insufficient_stock: 422,
      reservation_expired: 422,
    });
  });

  it('carry an expected outcome as code, status and details across the broker', () => {
    const error = toBrokerError(toInventoryError(failures.insufficientStock('A', 3, 1)));
    expect(error).toMatchObject({ type: 'insufficient_stock', code: 422, data: { sku: 'A', requested: 3, available: 1 } });
  });

  it('name what was not found', () => {
    expect(toInventoryError(failures.productsNotFound(['X', 'Y'])).details).toEqual({ skus: ['X', 'Y'] });
    expect(toInventoryError(failures.locationNotFound('WEST')).details).toEqual({ locationCode: 'WEST' });
  });

  it('refuse a product that holds stock with the sums as details', () => {
    const error = toBrokerError(toInventoryError(failures.inStock('A', 7, 2)));
    expect(error).toMatchObject({ type: 'invalid_state', code: 409, data: { reason: 'in_stock', onHand: 7, reserved: 2 } });
  });

  it('unwrap a success and throw a failure', () => {
    expect(unwrap({ ok: true, value: 1 })).toBe(1);
    expect(() => unwrap({ ok: false, failure: failures.reservationExpired('t') })).toThrow(
      expect.objectContaining({ code: 'reservation_expired', status: 422 }),
    );
  });
});
