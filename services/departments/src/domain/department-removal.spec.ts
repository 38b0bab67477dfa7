import { describe, expect, it } from 'vitest';
import { removalRefusal } from './department-removal';

describe('removalRefusal', () => {
  it('allows a department that no terminal or product names', () => {
    expect(removalRefusal({ terminals: 0, products: 0 })).toBeUndefined();
  });

  it('refuses one that any terminal or any product names, with both counts', () => {
    expect(removalRefusal({ terminals: 1, products: 0 })).toEqual({ reason: 'in_use', terminals: 1, products: 0 });
    expect(removalRefusal({ terminals: 0, products: 3 })).toEqual({ reason: 'in_use', terminals: 0, products: 3 });
    expect(removalRefusal({ terminals: 2, products: 20 })).toEqual({ reason: 'in_use', terminals: 2, products: 20 });
  });
});
