import type { RetryPolicy } from '@tillwire/platform';

/**
 * A lost race means another posting to the same account committed, so a writer loses at most once
 * per competing writer; 32 attempts outlast a burst as large as a node's connection pool.
 */
export const ACCOUNT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 32, baseDelayMs: 1, maxDelayMs: 25 });
