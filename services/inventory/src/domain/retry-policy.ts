/** Bounded optimistic-lock retry: how many conditional updates, and how long to back off between them. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * Every lost race means another writer changed the row, so on a single hot SKU a loser loses at
 * most once per competing commit; 16 attempts cover the contention a node's connection pool allows.
 */
export const STOCK_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 16, baseDelayMs: 1, maxDelayMs: 20 });

/** "Full jitter" exponential backoff after the `attempt`-th lost race (1-based). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * (ceiling + 1));
}
