import { createBroker, parseConfig } from '@tillwire/platform';
import { Redis } from 'ioredis';
import type { Context, ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';
import { distributedEnv, uniqueNamespace } from './distributed-env';

describe('action cache in Redis', () => {
  const namespace = uniqueNamespace();
  const service = uniqueName('stock_probe');
  const runs: string[] = [];
  let broker: ServiceBroker;
  const redis = new Redis(testEnvironment.redisUrl, { lazyConnect: true });
  // create-broker.ts gives the Redis cacher the namespace as prefix; Moleculer adds "-".
  const keyPrefix = `${namespace}-`;

  beforeAll(async () => {
    broker = createBroker(parseConfig(distributedEnv(namespace)), { role: 'cache-test' });
    broker.createService({
      name: service,
      actions: {
        level: {
          cache: { keys: ['sku'], ttl: 60 },
          handler(ctx: Context<{ sku: string; requestedBy: string }>) {
            runs.push(ctx.params.sku);
            return { sku: ctx.params.sku, onHand: 7 };
          },
        },
      },
    });
    await broker.start();
    await redis.connect();
  });

  afterAll(async () => {
    await broker?.stop();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('runs the handler once per cache key and stores the answer in Redis', async () => {
    const first = await broker.call(`${service}.level`, { sku: 'SKU-1', requestedBy: 'till-1' });
    // Only `sku` is a cache key, so another caller asking for the same SKU is served from Redis.
    const second = await broker.call(`${service}.level`, { sku: 'SKU-1', requestedBy: 'till-2' });
    await broker.call(`${service}.level`, { sku: 'SKU-2', requestedBy: 'till-1' });

    expect(second).toEqual(first);
    expect(runs).toEqual(['SKU-1', 'SKU-2']);
    const stored = await redis.get(`${keyPrefix}${service}.level:SKU-1`);
    expect(stored && JSON.parse(stored)).toEqual({ sku: 'SKU-1', onHand: 7 });
    expect(await redis.ttl(`${keyPrefix}${service}.level:SKU-1`)).toBeGreaterThan(0);
    expect((await redis.keys(`${keyPrefix}*`)).sort()).toEqual(
      [`${keyPrefix}${service}.level:SKU-1`, `${keyPrefix}${service}.level:SKU-2`],
    );
  });
});
