import { Redis } from 'ioredis';

/** Counts requests per key in fixed one-minute windows. */
export interface RateLimitStore {
  /** This request's number within each key's current window, in the order of `keys`: one round trip for all. */
  hitAll(keys: readonly string[], windowMs: number, now: number): Promise<number[]>;
  close(): Promise<void>;
}

/** At most `perMinute` requests per minute counted under `key`. */
export interface RateLimit {
  key: string;
  perMinute: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_MS = 60_000;

/** Requests per minute per key: sign-ins per IP, writes per user and per IP. */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts the request against every limit at once; it is refused when any of them is past. */
  async check(limits: readonly RateLimit[]): Promise<RateDecision> {
    if (limits.length === 0) return { allowed: true };
    const now = this.now();
    const counts = await this.store.hitAll(limits.map((limit) => limit.key), WINDOW_MS, now);
    if (limits.every((limit, i) => counts[i]! <= limit.perMinute)) return { allowed: true };
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
  const hit = (key: string, window: number): number => {
    const entry = counts.get(key);
    if (entry && entry.window === window) return ++entry.count;
    counts.set(key, { window, count: 1 });
    return 1;
  };
  return {
    async hitAll(keys, windowMs, now) {
      const window = Math.floor(now / windowMs);
      // Once per window, forget the keys of windows that are over, so idle keys do not pile up.
      if (window > swept) {
        for (const [k, e] of counts) if (e.window < window) counts.delete(k);
        swept = window;
      }
      return keys.map((key) => hit(key, window));
    },
    async close() {
      counts.clear();
    },
  };
}

/**
 * Counters shared by every API replica (distributed mode): one Redis key per key and window,
 * expiring with it; a request's keys are counted in one MULTI, one round trip.
 */
export function redisRateLimitStore(url: string, prefix: string): RateLimitStore {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
  return {
    async hitAll(keys, windowMs, now) {
      const window = Math.floor(now / windowMs);
      const multi = redis.multi();
      for (const key of keys) {
        const redisKey = `${prefix}:rate:${key}:${window}`;
        multi.incr(redisKey).pexpire(redisKey, windowMs * 2);
      }
      const replies = await multi.exec();
      if (!replies) throw new Error('The rate limit transaction was discarded');
      // Each key's INCR reply, skipping the PEXPIRE after it.
      return keys.map((_, i) => {
        const [error, count] = replies[2 * i]!;
        if (error) throw error;
        return Number(count);
      });
    },
    async close() {
      redis.disconnect();
    },
  };
}
