import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNexoAmount, requireNexoAmount, toNexoAmount } from './nexo.amount';

/** An amount as it crosses the wire: a JSON number. */
const overTheWire = (amount: number | undefined): number => JSON.parse(JSON.stringify(amount)) as number;

describe('nexo amounts', () => {
  it('writes minor units as a decimal in major units', () => {
    expect(toNexoAmount(1050, 'EUR')).toBe(10.5);
    expect(toNexoAmount(5, 'EUR')).toBe(0.05);
    expect(toNexoAmount(0, 'EUR')).toBe(0);
    expect(toNexoAmount(1234, 'JPY')).toBe(1234);
    expect(toNexoAmount(5, 'KWD')).toBe(0.005);
    expect(toNexoAmount(1_234_567, 'KWD')).toBe(1234.567);
  });

  it('reads decimals whose product with 100 drifts as a float, exactly', () => {
    // 19.99 * 100 is 1998.9999999999998 and 4.35 * 100 is 434.99999999999994 in floating point.
    expect(fromNexoAmount(19.99, 'EUR')).toBe(1999);
    expect(fromNexoAmount(4.35, 'EUR')).toBe(435);
    expect(fromNexoAmount(1.005, 'KWD')).toBe(1005);
    expect(fromNexoAmount(10.5, 'EUR')).toBe(1050);
    expect(fromNexoAmount(7, 'EUR')).toBe(700);
  });

  it('refuses amounts finer than the minor unit, negative ones, and ones beyond nexo', () => {
    expect(fromNexoAmount(0.125, 'EUR')).toBeUndefined();
    expect(fromNexoAmount(12.5, 'JPY')).toBeUndefined();
    expect(fromNexoAmount(-1, 'EUR')).toBeUndefined();
    expect(fromNexoAmount(1e21, 'EUR')).toBeUndefined();
    expect(fromNexoAmount(1e-7, 'KWD')).toBeUndefined();
    expect(toNexoAmount(-1, 'EUR')).toBeUndefined();
    expect(toNexoAmount(1.5, 'EUR')).toBeUndefined();
    expect(toNexoAmount(10_000_000_000, 'EUR')).toBeUndefined();
    expect(toNexoAmount(100_000_000, 'JPY')).toBeUndefined();
  });

  it('carries the largest amounts nexo allows exactly', () => {
    expect(overTheWire(toNexoAmount(9_999_999_999, 'EUR'))).toBe(99_999_999.99);
    expect(fromNexoAmount(overTheWire(toNexoAmount(9_999_999_999, 'EUR')), 'EUR')).toBe(9_999_999_999);
    expect(fromNexoAmount(overTheWire(toNexoAmount(99_999_999, 'JPY')), 'JPY')).toBe(99_999_999);
    expect(fromNexoAmount(overTheWire(toNexoAmount(99_999_999_999, 'KWD')), 'KWD')).toBe(99_999_999_999);
    expect(fromNexoAmount(overTheWire(toNexoAmount(999_999_999_999, 'CLF')), 'CLF')).toBe(999_999_999_999);
  });

  it('round-trips every amount nexo can carry, in currencies of exponent 0, 2 and 3', () => {
    const amounts = fc.oneof(
      fc.record({ currency: fc.constant('JPY'), amountMinor: fc.integer({ min: 0, max: 99_999_999 }) }),
      fc.record({ currency: fc.constant('EUR'), amountMinor: fc.integer({ min: 0, max: 9_999_999_999 }) }),
      fc.record({ currency: fc.constant('KWD'), amountMinor: fc.integer({ min: 0, max: 99_999_999_999 }) }),
    );
    fc.assert(
      fc.property(amounts, ({ currency, amountMinor }) => {
        expect(fromNexoAmount(overTheWire(toNexoAmount(amountMinor, currency)), currency)).toBe(amountMinor);
      }),
    );
  });

  it('refuses to send an amount nexo cannot carry, as bad input', () => {
    expect(() => requireNexoAmount(10_000_000_000, 'EUR')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(requireNexoAmount(1, 'EUR')).toBe(0.01);
  });
});
