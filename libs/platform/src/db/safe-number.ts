/** BigInt columns (money, points, sums, ids) become JS numbers at the repository boundary, never silently rounded. */
export function toSafeNumber(value: bigint | number, what: string): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} ${String(value)} is outside the safe-integer range`);
  return n;
}
