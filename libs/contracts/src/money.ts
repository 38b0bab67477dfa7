import { z } from 'zod';

/**
 * Money crosses every boundary as integer minor units of a currency. How many digits a minor unit
 * is worth is ISO 4217's word, which payment terminals and acquirers follow; browsers' own tables
 * differ for a few currencies, so screens, receipts and terminal messages all ask this one.
 */

/** ISO 4217 minor-unit exponents other than the usual 2. */
const EXPONENTS = new Map<string, number>([
  ...['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'].map(
    (code) => [code, 0] as const,
  ),
  ...['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'].map((code) => [code, 3] as const),
  ['CLF', 4],
  ['UYW', 4],
]);

/** The number of decimal digits of a currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD. */
export const currencyExponent = (currency: string): number => EXPONENTS.get(currency) ?? 2;

/** An ISO 4217 currency code, in upper case, that this runtime can format. */
export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'three upper-case letters (ISO 4217)')
  .refine((code) => Intl.supportedValuesOf('currency').includes(code), 'not an ISO 4217 currency code');

/**
 * A decimal typed by a person ("12.5", "0,99") as an integer of its `scale`-th fraction ("12.5" at
 * scale 2 → 1250), read digit by digit so no float rounding creeps in; null when it is not such a
 * number, has more fraction digits than the scale, or is beyond a safe integer.
 */
export function parseDecimal(text: string, scale: number): number | null {
  const match = /^\s*(-?)(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > scale) return null;
  const value = Number(`${whole}${fraction.padEnd(scale, '0')}`);
  if (!Number.isSafeInteger(value)) return null;
  return sign ? -value : value;
}

/** An integer of `scale`-th fractions as the decimal a person types: 1250 at scale 2 → "12.50". */
export function formatDecimal(value: number, scale: number): string {
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return value < 0 ? `-${text}` : text;
}

/** Integer minor units as a currency amount, e.g. `formatMoney(1999, 'EUR', 'en-IE')` → `€19.99`; exact for any safe integer. */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  // Intl formats decimal strings exactly, so no float rounding ever shows.
  return format.format(formatDecimal(minor, digits) as unknown as number);
}
