import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpiringCache } from './expiring-cache';

afterEach(() => vi.useRealTimers());

describe('ExpiringCache', () => {
  it('asks once while an answer is fresh, again once it is evicted or old', async () => {
    vi.useFakeTimers();
    let department = 'GROCERY';
    const asked: string[] = [];
    const cache = new ExpiringCache<string>(1_000);
    const fetch = async (key: string) => (asked.push(key), department);
    expect(await cache.get('T1', fetch)).toBe('GROCERY');
    department = 'HOME';
    expect(await cache.get('T1', fetch)).toBe('GROCERY');
    cache.evict('T1');
    expect(await cache.get('T1', fetch)).toBe('HOME');
    department = 'ELECTRONICS';
    vi.advanceTimersByTime(1_001);
    expect(await cache.get('T1', fetch)).toBe('ELECTRONICS');
    expect(asked).toEqual(['T1', 'T1', 'T1']);
  });

  it('does not keep a refusal: an unknown key is asked about again', async () => {
    const cache = new ExpiringCache<string>();
    let known = false;
    const fetch = async (key: string) => {
      if (!known) throw Object.assign(new Error(`${key} not found`), { type: 'not_found' });
      return key;
    };
    await expect(cache.get('T9', fetch)).rejects.toMatchObject({ type: 'not_found' });
    known = true;
    expect(await cache.get('T9', fetch)).toBe('T9');
  });

  it('fetches only the keys it does not hold, in one call, and keeps none of a failed call', async () => {
    const cache = new ExpiringCache<number>();
    const calls: string[][] = [];
    const prices = new Map([['A', 1], ['B', 2], ['C', 3]]);
    const fetchMissing = async (keys: string[]) => (calls.push(keys), new Map(keys.map((key) => [key, prices.get(key)!])));
    expect(await cache.getMany(['A', 'B'], fetchMissing)).toEqual(new Map([['A', 1], ['B', 2]]));
    expect(await cache.getMany(['B', 'C', 'A'], fetchMissing)).toEqual(new Map([['B', 2], ['C', 3], ['A', 1]]));
    expect(calls).toEqual([['A', 'B'], ['C']]);

    const refusal = Object.assign(new Error('D unknown'), { type: 'not_found' });
    await expect(cache.getMany(['C', 'D', 'E'], async () => Promise.reject(refusal))).rejects.toBe(refusal);
    await cache.getMany(['D', 'E'], fetchMissing).catch(() => undefined);
    expect(calls.at(-1)).toEqual(['D', 'E']);
  });
});
