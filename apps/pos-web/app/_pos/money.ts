import { currencyExponent, formatDecimal, formatMoney, parseDecimal } from '@tillwire/contracts';

/** Amounts are in the store's currency (the catalog names it) or, once there is one, the transaction's. */
export const money = (minor: number, currency: string) => formatMoney(minor, currency);

export const items = (count: number) => `${count} ${count === 1 ? 'item' : 'items'}`;

/**
 * A typed amount such as `12.5` or `12,50` as minor units of `currency`; undefined when it is not
 * one: negative, more than nine whole digits, or finer than the currency's minor unit (`12.5` yen).
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const typed = text.trim();
  if (!/^\d{1,9}(?:[.,]\d+)?$/.test(typed)) return undefined;
  return parseDecimal(typed, currencyExponent(currency)) ?? undefined;
}

/** Minor units as the text an amount field shows: 1250 → `12.50` (EUR), 1250 → `1250` (JPY). */
export const amountText = (minor: number, currency: string) => formatDecimal(minor, currencyExponent(currency));

/** A whole amount as the cashier would type it in `currency`: 20 → `20.00` (EUR), `20` (JPY). */
export const exampleAmount = (whole: number, currency: string) => amountText(whole * 10 ** currencyExponent(currency), currency);
