import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './percentiles';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('takes the nearest rank', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([1, 2, 3], 50)).toBe(2);
  });

  it('clamps to the first and last value', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([7], 99)).toBe(7);
  });

  it('has no value for no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts the samples itself and leaves them alone', () => {
    const samples = [30, 10, 20, 40];
    expect(summarize(samples)).toEqual({ count: 4, meanMs: 25, p50Ms: 20, p99Ms: 40 });
    expect(samples).toEqual([30, 10, 20, 40]);
  });

  it('one slow outlier in a hundred is the p99', () => {
    const samples = [...Array.from({ length: 99 }, () => 5), 500];
    expect(summarize(samples)).toMatchObject({ p50Ms: 5, p99Ms: 5 });
    expect(summarize([...samples, 500])).toMatchObject({ p99Ms: 500 });
  });
});
