/** A stretch of an arrival-rate scenario: the rate (iterations per ms) moves linearly from `fromRate` to `toRate`. */
export interface RateSegment {
  readonly durationMs: number;
  readonly fromRate: number;
  readonly toRate: number;
}

/**
 * When each iteration of an arrival-rate scenario starts, in ms from the scenario's start: iteration
 * i (from 0) starts when the iterations due so far — the integral of the rate — reach i, so a
 * constant 10/s starts at 0, 100, 200 … ms and a ramp from 0 starts ever closer together.
 */
export function arrivalOffsets(segments: readonly RateSegment[]): number[] {
  const offsets: number[] = [];
  let segmentStart = 0;
  let dueBefore = 0;
  for (const { durationMs, fromRate, toRate } of segments) {
    const due = ((fromRate + toRate) / 2) * durationMs;
    // The integral's rounding must not add an iteration at the segment's very end.
    for (let i = Math.ceil(dueBefore - 1e-9); i < dueBefore + due - 1e-9; i += 1) {
      offsets.push(segmentStart + timeToReach(i - dueBefore, fromRate, (toRate - fromRate) / (2 * durationMs)));
    }
    segmentStart += durationMs;
    dueBefore += due;
  }
  return offsets;
}

/** The t ≥ 0 at which `fromRate·t + slope·t²` reaches `count` (the stable root of the quadratic). */
function timeToReach(count: number, fromRate: number, slope: number): number {
  if (count <= 0) return 0;
  if (slope === 0) return count / fromRate;
  return (2 * count) / (fromRate + Math.sqrt(fromRate * fromRate + 4 * slope * count));
}
