import { describe, expect, it } from 'vitest';
import { currencyCode, currencyExponent, formatDecimal, formatMoney, parseDecimal } from './money';

describe('currencyExponent', () => {
  it('is ISO 4217’s number of minor-unit digits', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(currencyExponent('CLF')).toBe(4);
  });
});

describe('currencyCode', () => {
  it('accepts ISO 4217 codes and refuses anything else', () => {
    expect(currencyCode.safeParse('SEK').success).toBe(true);
    expect(currencyCode.safeParse('sek').success).toBe(false);
    expect(currencyCode.safeParse('EURO').success).toBe(false);
    expect(currencyCode.safeParse('ZZZ').success).toBe(false);
  });
});

describe('parseDecimal and formatDecimal', () => {
  it('read and write a typed decimal as an integer of its scale, digit by digit', () => {
    expect(parseDecimal('12.5', 2)).toBe(1250);
    expect(parseDecimal(' 0,99 ', 2)).toBe(99);
    expect(parseDecimal('1500', 0)).toBe(1500);
    expect(parseDecimal('-0.05', 2)).toBe(-5);
    expect(parseDecimal('1.234', 2)).toBeNull();
    expect(parseDecimal('12.', 0)).toBe(12);
    expect(parseDecimal('1e3', 2)).toBeNull();
    expect(parseDecimal('99999999999999999', 2)).toBeNull();
    expect(formatDecimal(1250, 2)).toBe('12.50');
    expect(formatDecimal(-5, 2)).toBe('-0.05');
    expect(formatDecimal(1500, 0)).toBe('1500');
    expect(formatDecimal(7, 3)).toBe('0.007');
  });
});

describe('formatMoney', () => {
  it('formats integer minor units exactly, by the currency’s own decimals', () => {
    expect(formatMoney(1999, 'EUR', 'en-IE')).toBe('€19.99');
    expect(formatMoney(-5, 'EUR', 'en-IE')).toBe('-€0.05');
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
    expect(formatMoney(1500, 'JPY', 'en-US')).toBe('¥1,500');
    expect(formatMoney(1234, 'KWD', 'en-US')).toMatch(/^KWD\s1\.234$/);
  });
});
