/** Minor units as a decimal amount with two places, in integers only: 123456 → "1234.56", -5 → "-0.05". */
export function formatMinor(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const units = Math.abs(minor);
  return `${sign}${Math.floor(units / 100)}.${String(units % 100).padStart(2, '0')}`;
}
