/**
 * A decimal typed by a person ("12.5", "0.99") as an integer of its `scale`-th fraction ("12.5" at
 * scale 2 → 1250), read digit by digit so no float rounding creeps in; null when it is not such a
 * number or has more fraction digits than the scale.
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

/** The number of minor-unit digits of a currency (2 for EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
