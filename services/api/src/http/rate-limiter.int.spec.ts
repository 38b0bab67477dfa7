import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testEnvironment, uniqueName } from '@tillwire/platform/testing';
import { RateLimiter, redisRateLimitStore } from './rate-limiter';

/** Two API replicas' limiters on one Redis: they count together, per key and minute. */
describe('rate limits in Redis', () => {
  const prefix = uniqueName('rate');
  const now = Date.parse('2026-11-22T10:00:30Z');
  const replicas = [0, 1].map(() => new RateLimiter(redisRateLimitStore(testEnvironment.redisUrl, prefix), () => now));
  const redis = new Redis(testEnvironment.redisUrl);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('refuses the request past the limit whichever replica it reaches, with the rest of the minute to wait', async () => {
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await replicas[i % 2]!.check('auth:ip:10.0.0.7', 3));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: 30 });
    // Another key has its own count, and the window's key expires on its own.
    expect(await replicas[0]!.check('auth:ip:10.0.0.8', 3)).toEqual({ allowed: true });
    const [key] = await redis.keys(`${prefix}:rate:auth:ip:10.0.0.7:*`);
    expect(await redis.pttl(key!)).toBeGreaterThan(60_000);
  });
});
