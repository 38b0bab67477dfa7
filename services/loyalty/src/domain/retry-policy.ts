/** Bounded optimistic-lock retry on an account's `version`: how many attempts, and the backoff between them. */
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * A lost race means another posting to the same account committed, so a writer loses at most once
 * per competing writer; 32 attempts outlast a burst as large as a node's connection pool.
 */
export const ACCOUNT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 32, baseDelayMs: 1, maxDelayMs: 25 });

/** "Full jitter" exponential backoff after the `attempt`-th lost race (1-based). */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * (ceiling + 1));
}
