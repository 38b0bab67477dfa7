export interface RetryBackoff {
  /** Ceiling of the delay after the first failure; it doubles after each further one. */
  readonly baseMs: number;
  /** The ceiling never grows past this. */
  readonly maxMs: number;
}

/**
 * Milliseconds to wait after the `attempt`-th failed delivery (1-based): exponential backoff with
 * "full jitter", a uniform draw in [0, min(maxMs, baseMs · 2^(attempt-1))]. The spread keeps the
 * consumers of a message batch that failed together from retrying in lockstep.
 */
export function retryDelayMs(attempt: number, backoff: RetryBackoff, random: () => number = Math.random): number {
  const doublings = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** doublings);
  return Math.floor(random() * (ceiling + 1));
}
