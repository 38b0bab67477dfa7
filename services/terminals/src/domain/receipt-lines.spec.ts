import { describe, expect, it } from 'vitest';
import { formatMinor } from './receipt-lines';

describe('formatMinor', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123456, '1234.56'],
    [-5, '-0.05'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('%d → %s', (minor, text) => expect(formatMinor(minor)).toBe(text));
});
