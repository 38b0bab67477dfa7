import { TerminalsError, TerminalsErrorCode } from '../../terminals.errors';

/**
 * nexo carries amounts as JSON decimals in major units (12.5 is 12.50 EUR); Tillwire counts
 * integer minor units. Conversions go through the decimal's digits, never through multiplication.
 * nexo caps an amount at 99999999.999999, at most 14 significant digits, which a JSON number (a
 * double, exact to 15) carries exactly, so the number itself is safe on the wire.
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

export const currencyExponent = (currency: string): number => EXPONENTS.get(currency) ?? 2;

/** nexo's largest amount has eight digits before the decimal point. */
const MAX_MAJOR_DIGITS = 8;

/** The nexo amount of `amountMinor`; undefined when it is negative, not an integer or beyond nexo's maximum. */
export function toNexoAmount(amountMinor: number, currency: string): number | undefined {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) return undefined;
  const exponent = currencyExponent(currency);
  const digits = String(amountMinor).padStart(exponent + 1, '0');
  const major = digits.slice(0, digits.length - exponent);
  if (major.length > MAX_MAJOR_DIGITS) return undefined;
  return Number(exponent === 0 ? major : `${major}.${digits.slice(-exponent)}`);
}

/**
 * The minor units of a nexo amount; undefined when it is negative or finer than the currency's
 * minor unit (0.125 EUR). A double prints as the shortest decimal that reads back as itself, so
 * `String` recovers the digits the terminal sent.
 */
export function fromNexoAmount(amount: number, currency: string): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!match) return undefined;
  const [, major = '', fraction = ''] = match;
  const exponent = currencyExponent(currency);
  if (fraction.length > exponent) return undefined;
  const minor = Number(major + fraction.padEnd(exponent, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** The nexo amount of `amountMinor`, which a request cannot do without. */
export function requireNexoAmount(amountMinor: number, currency: string): number {
  const amount = toNexoAmount(amountMinor, currency);
  if (amount !== undefined) return amount;
  throw new TerminalsError(
    TerminalsErrorCode.ValidationFailed,
    `${amountMinor} minor units of ${currency} is not an amount nexo carries (0 to 99999999.999999)`,
    { amountMinor, currency },
  );
}
