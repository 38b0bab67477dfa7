import { Redis } from 'ioredis';

/** Counts requests per key in fixed one-minute windows. */
export interface RateLimitStore {
  /** This request's number within its key's current window. */
  hit(key: string, windowMs: number, now: number): Promise<number>;
  close(): Promise<void>;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = 60_000;

/** Requests per minute per key: sign-ins per IP, writes per user and per IP. */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly now: () => number = Date.now,
  ) {}

  async check(key: string, perMinute: number): Promise<RateDecision> {
    const now = this.now();
    const count = await this.store.hit(key, WINDOW_MS, now);
    if (count <= perMinute) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000)) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** One process's counters (embedded mode: the only API node). */
export function memoryRateLimitStore(): RateLimitStore {
  const counts = new Map<string, { window: number; count: number }>();
  let swept = 0;
  return {
    async hit(key, windowMs, now) {
      const window = Math.floor(now / windowMs);
      // Once per window, forget the keys of windows that are over, so idle keys do not pile up.
      if (window > swept) {
        for (const [k, e] of counts) if (e.window < window) counts.delete(k);
        swept = window;
      }
      const entry = counts.get(key);
      if (entry && entry.window === window) return ++entry.count;
      counts.set(key, { window, count: 1 });
      return 1;
    },
    async close() {
      counts.clear();
    },
  };
}

/** Counters shared by every API replica (distributed mode): one Redis key per key and window, expiring with it. */
export function redisRateLimitStore(url: string, prefix: string): RateLimitStore {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  return {
    async hit(key, windowMs, now) {
      const window = Math.floor(now / windowMs);
      const redisKey = `${prefix}:rate:${key}:${window}`;
      const [[, count] = [null, 0]] = (await redis.multi().incr(redisKey).pexpire(redisKey, windowMs * 2).exec()) ?? [];
      return Number(count);
    },
    async close() {
      redis.disconnect();
    },
  };
}
