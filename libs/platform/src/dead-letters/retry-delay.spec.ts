import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay';

const backoff = { baseMs: 500, maxMs: 30_000 };
/** The largest value Math.random can return. */
const HIGHEST = 1 - Number.EPSILON;

describe('retryDelayMs', () => {
  it('doubles the ceiling after each failure, from base up to max', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => retryDelayMs(attempt, backoff, () => HIGHEST));
    expect(ceilings).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('draws the delay uniformly below the ceiling (full jitter), down to no delay at all', () => {
    expect(retryDelayMs(3, backoff, () => 0)).toBe(0);
    expect(retryDelayMs(3, backoff, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(1, { baseMs: 10, maxMs: 10 }, () => 0.25)).toBe(2);
  });

  it('stays a whole number within [0, ceiling] for any attempt and draw, however large the attempt', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 0, max: 3_600_000 }),
        fc.double({ min: 0, max: HIGHEST, noNaN: true }),
        (attempt, baseMs, extra, draw) => {
          const maxMs = baseMs + extra;
          const delay = retryDelayMs(attempt, { baseMs, maxMs }, () => draw);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
        },
      ),
    );
  });

  it('treats an attempt below 1 as the first', () => {
    expect(retryDelayMs(0, backoff, () => HIGHEST)).toBe(500);
  });
});
