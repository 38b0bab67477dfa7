import { describe, expect, it } from 'vitest';
import { removalRefusal } from './product-removal';

describe('removalRefusal', () => {
  it('allows a product without stock rows, or whose rows are all zero', () => {
    expect(removalRefusal('A', [])).toBeUndefined();
    expect(removalRefusal('A', [{ onHand: 0, reserved: 0 }, { onHand: 0, reserved: 0 }])).toBeUndefined();
  });

  it('refuses one with stock at any location, with the sums over all locations', () => {
    expect(removalRefusal('A', [{ onHand: 0, reserved: 0 }, { onHand: 5, reserved: 2 }, { onHand: 3, reserved: 0 }])).toEqual({
      code: 'invalid_state',
      reason: 'in_stock',
      sku: 'A',
      onHand: 8,
      reserved: 2,
    });
  });

  it('refuses one whose rows would cancel out in the sum', () => {
    expect(removalRefusal('A', [{ onHand: -4, reserved: 0 }, { onHand: 4, reserved: 0 }])).toMatchObject({ onHand: 0, reserved: 0 });
  });
});
