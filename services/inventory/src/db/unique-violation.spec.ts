import { describe, expect, it } from 'vitest';
import { asUniqueViolation } from './unique-violation';

const adapterCause = (index: string) => ({
  driverAdapterError: { cause: { kind: 'UniqueConstraintViolation', constraint: { index } } },
});

describe('asUniqueViolation', () => {
  it('recognises model (P2002) and raw (P2010) unique violations and names the index', () => {
    expect(asUniqueViolation({ code: 'P2002', meta: adapterCause('products_barcode_key') })?.constraint).toBe(
      'products_barcode_key',
    );
    expect(asUniqueViolation({ code: 'P2010', meta: adapterCause('reservations_pkey') })?.constraint).toBe('reservations_pkey');
  });

  it('leaves other errors alone', () => {
    expect(asUniqueViolation(new Error('boom'))).toBeUndefined();
    expect(asUniqueViolation({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'Deadlock' } } } })).toBeUndefined();
  });
});
