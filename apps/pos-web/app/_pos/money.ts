import { formatMoney } from '@tillwire/contracts';

/**
 * The catalog's prices carry no currency; the store sells in one, the currency every transaction
 * records (EUR unless the store configures another). Transactions name theirs, and win.
 */
export const STORE_CURRENCY = 'EUR';

export const money = (minor: number, currency: string = STORE_CURRENCY) => formatMoney(minor, currency);

export const items = (count: number) => `${count} ${count === 1 ? 'item' : 'items'}`;

/** A typed amount such as `12.5` or `12,50` as minor units; undefined when it is not one. */
export function parseAmount(text: string): number | undefined {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Minor units as the text an amount field shows: 1250 → `12.50`. */
export function amountText(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
