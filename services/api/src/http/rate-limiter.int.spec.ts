import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { testEnvironment, uniqueName } from '@tillwire/platform/testing';
import { RateLimiter, redisRateLimitStore } from './rate-limiter';

/** Two API replicas' limiters on one Redis: they count together, per key and minute. */
describe('rate limits in Redis', () => {
  const prefix = uniqueName('rate');
  const now = Date.parse('2026-11-22T10:00:30Z');
  const stores = [0, 1].map(() => redisRateLimitStore(testEnvironment.redisUrl, prefix));
  const replicas = stores.map((store) => new RateLimiter(store, () => now));
  const redis = new Redis(testEnvironment.redisUrl);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('refuses the request past the limit whichever replica it reaches, with the rest of the minute to wait', async () => {
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await replicas[i % 2]!.check([{ key: 'auth:ip:10.0.0.7', perMinute: 3 }]));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: 30 });
    // Another key has its own count, and the window's key expires on its own.
    expect(await replicas[0]!.check([{ key: 'auth:ip:10.0.0.8', perMinute: 3 }])).toEqual({ allowed: true });
    const [key] = await redis.keys(`${prefix}:rate:auth:ip:10.0.0.7:*`);
    expect(await redis.pttl(key!)).toBeGreaterThan(60_000);
  });

  it('counts a request against all its limits in one transaction, and refuses it when any one is past', async () => {
    const ip = { key: 'writes:ip:10.0.0.9', perMinute: 3 };
    const ann = { key: 'writes:user:ann', perMinute: 2 };
    const bob = { key: 'writes:user:bob', perMinute: 2 };
    const decisions = [];
    for (const user of [ann, ann, ann, bob]) decisions.push(await replicas[0]!.check([ip, user]));
    // Ann's third write is past her limit; Bob's is the IP's fourth.
    expect(decisions).toEqual([{ allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 30 }, { allowed: false, retryAfterSeconds: 30 }]);
    expect(await stores[1]!.hitAll([ip.key, ann.key, bob.key], 60_000, now)).toEqual([5, 4, 2]);
    for (const key of await redis.keys(`${prefix}:rate:writes:*`)) expect(await redis.pttl(key)).toBeGreaterThan(60_000);
  });

  it('answers a Redis that is down as an error, for the guard to let the request through', async () => {
    const down = new RateLimiter(redisRateLimitStore('redis://127.0.0.1:1', prefix), () => now);
    try {
      await expect(down.check([{ key: 'writes:ip:10.0.0.10', perMinute: 3 }])).rejects.toThrow();
    } finally {
      await down.close();
    }
  });
});
