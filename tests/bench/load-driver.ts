export interface LoadOptions {
  /** Concurrent client loops. */
  readonly concurrency: number;
  /** Loops start no new checkout after this long; the ones in flight finish. */
  readonly durationMs: number;
  /** The run stops early once this many checkouts have failed. */
  readonly maxFailures: number;
}

export interface LoadResult {
  readonly completed: number;
  /** Per successful checkout, in completion order. */
  readonly latenciesMs: readonly number[];
  /** From the first start to the last finish. */
  readonly elapsedMs: number;
  /** Failed checkouts by error message. */
  readonly failures: ReadonlyMap<string, number>;
  readonly failureCount: number;
}

/**
 * Runs `checkout` in `concurrency` loops for a fixed time (closed loop: each loop starts its next
 * checkout when the previous one ends). `loop` is the loop's index, so each can act as one terminal.
 */
export async function driveLoad(options: LoadOptions, checkout: (loop: number) => Promise<void>): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const failures = new Map<string, number>();
  let failureCount = 0;
  const startedAt = performance.now();
  const deadline = startedAt + options.durationMs;

  const runLoop = async (loop: number) => {
    while (performance.now() < deadline && failureCount < options.maxFailures) {
      const begun = performance.now();
      try {
        await checkout(loop);
        latenciesMs.push(performance.now() - begun);
      } catch (error) {
        failureCount += 1;
        const message = error instanceof Error ? error.message : String(error);
        failures.set(message, (failures.get(message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, loop) => runLoop(loop)));

  return {
    completed: latenciesMs.length,
    latenciesMs,
    elapsedMs: performance.now() - startedAt,
    failures,
    failureCount,
  };
}

/** Several runs as one: counts and latencies added up, time summed. */
export function combine(results: readonly LoadResult[]): LoadResult {
  const failures = new Map<string, number>();
  for (const result of results) for (const [message, count] of result.failures) failures.set(message, (failures.get(message) ?? 0) + count);
  return {
    completed: results.reduce((sum, r) => sum + r.completed, 0),
    latenciesMs: results.flatMap((r) => r.latenciesMs),
    elapsedMs: results.reduce((sum, r) => sum + r.elapsedMs, 0),
    failures,
    failureCount: results.reduce((sum, r) => sum + r.failureCount, 0),
  };
}

/** A stretch of time a run measured, as PostgreSQL's `tstzrange` literal `[from,to)`. */
export type Window = string;

export const windowOf = (from: Date, to: Date): Window => `[${from.toISOString()},${to.toISOString()})`;

export function throughputPerSecond(result: LoadResult): number {
  return result.elapsedMs > 0 ? (result.completed * 1000) / result.elapsedMs : 0;
}
