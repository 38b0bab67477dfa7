import type { RetryPolicy } from '@tillwire/platform';

/**
 * Every lost race means another writer changed the row, so on a single hot SKU a loser loses at
 * most once per competing commit; 16 attempts cover the contention a node's connection pool allows.
 */
export const STOCK_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 16, baseDelayMs: 1, maxDelayMs: 20 });
