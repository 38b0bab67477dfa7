import { describe, expect, it } from 'vitest';
import { ean13 } from './seed';

describe('ean13', () => {
  it('appends the GS1 check digit', () => {
    expect(ean13('400638133393')).toBe('4006381333931');
    expect(ean13('590123412345')).toBe('5901234123457');
  });
});
