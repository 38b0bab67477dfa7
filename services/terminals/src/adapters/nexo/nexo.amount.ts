import { currencyExponent, formatDecimal, parseDecimal } from '@tillwire/contracts';
import { TerminalsError, TerminalsErrorCode } from '../../terminals.errors';

/**
 * nexo carries amounts as JSON decimals in major units (12.5 is 12.50 EUR); Tillwire counts
 * integer minor units. Conversions go through the decimal's digits, never through multiplication.
 * nexo caps an amount at 99999999.999999, at most 14 significant digits, which a JSON number (a
 * double, exact to 15) carries exactly, so the number itself is safe on the wire.
 */

/** nexo's largest amount has eight digits before the decimal point. */
const MAX_MAJOR_DIGITS = 8;

/** The nexo amount of `amountMinor`; undefined when it is negative, not an integer or beyond nexo's maximum. */
export function toNexoAmount(amountMinor: number, currency: string): number | undefined {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) return undefined;
  const decimal = formatDecimal(amountMinor, currencyExponent(currency));
  const [major = ''] = decimal.split('.');
  return major.length > MAX_MAJOR_DIGITS ? undefined : Number(decimal);
}

/**
 * The minor units of a nexo amount; undefined when it is negative or finer than the currency's
 * minor unit (0.125 EUR). A double prints as the shortest decimal that reads back as itself, so
 * `String` recovers the digits the terminal sent.
 */
export function fromNexoAmount(amount: number, currency: string): number | undefined {
  const minor = parseDecimal(String(amount), currencyExponent(currency));
  return minor === null || minor < 0 ? undefined : minor;
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
