/** Series colours with at least 4.5:1 contrast on white, so bars and their legend swatches read clearly. */
const PALETTE = ['#0369a1', '#047857', '#b45309', '#7c3aed', '#be123c', '#334155'];

export function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length]!;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((step) => step * power).find((bound) => bound >= max)!;
}
