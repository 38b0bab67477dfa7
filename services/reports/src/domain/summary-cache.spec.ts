import { describe, expect, it } from 'vitest';
import { SummaryCache } from './summary-cache';

const rows = (n: number, tag: string) => Array.from({ length: n }, () => tag);

describe('SummaryCache', () => {
  it('answers from memory until the entry expires, then computes again', async () => {
    let now = 0;
    let computed = 0;
    const cache = new SummaryCache(30_000, 10, () => now);
    const compute = async () => [++computed];
    expect(await cache.get('k', compute)).toEqual([1]);
    now = 29_999;
    expect(await cache.get('k', compute)).toEqual([1]);
    now = 30_000;
    expect(await cache.get('k', compute)).toEqual([2]);
  });

  it('keeps no failure', async () => {
    const cache = new SummaryCache(30_000, 10, () => 0);
    await expect(cache.get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('bad', async () => ['up'])).toEqual(['up']);
  });

  it('holds answers of at most its bound in rows, dropping the oldest first', async () => {
    const cache = new SummaryCache(30_000, 10, () => 0);
    await cache.get('a', async () => rows(4, 'a'));
    await cache.get('b', async () => rows(4, 'b'));
    // a (5 with its own row) + b (5) + c (5) is over 10: a goes.
    await cache.get('c', async () => rows(4, 'c'));
    expect(await cache.get('b', async () => rows(1, 'b again'))).toEqual(rows(4, 'b'));
    expect(await cache.get('c', async () => rows(1, 'c again'))).toEqual(rows(4, 'c'));
    expect(await cache.get('a', async () => rows(1, 'a again'))).toEqual(['a again']);
  });

  it('keeps the newest answer even when it alone is over the bound', async () => {
    const cache = new SummaryCache(30_000, 10, () => 0);
    await cache.get('small', async () => rows(1, 'small'));
    await cache.get('whole store', async () => rows(50, 'big'));
    expect(await cache.get('whole store', async () => [])).toHaveLength(50);
    expect(await cache.get('small', async () => ['recomputed'])).toEqual(['recomputed']);
  });

  it('counts empty answers, so a flood of them stays bounded', async () => {
    let computed = 0;
    const cache = new SummaryCache(30_000, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, async () => (computed++, []));
    await cache.get('a', async () => (computed++, []));
    expect(computed).toBe(5);
  });
});
