import { describe, expect, it } from 'vitest';
import { SummaryCache } from './summary-cache';

describe('SummaryCache', () => {
  it('answers from memory until the entry expires, then computes again', async () => {
    let now = 0;
    let computed = 0;
    const cache = new SummaryCache(30_000, 10, () => now);
    const compute = async () => ++computed;
    expect(await cache.get('k', compute)).toBe(1);
    now = 29_999;
    expect(await cache.get('k', compute)).toBe(1);
    now = 30_000;
    expect(await cache.get('k', compute)).toBe(2);
  });

  it('keeps no failure and no more than its bound', async () => {
    const cache = new SummaryCache(30_000, 2, () => 0);
    await expect(cache.get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('bad', async () => 'up')).toBe('up');
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    expect(await cache.get('bad', async () => 'again')).toBe('again');
  });
});
