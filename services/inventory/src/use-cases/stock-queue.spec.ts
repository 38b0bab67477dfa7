import { describe, expect, it } from 'vitest';
import { StockQueue } from './stock-queue';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('StockQueue', () => {
  it('runs calls on a row one at a time in arrival order, and calls on other rows alongside', async () => {
    const queue = new StockQueue();
    const log: string[] = [];
    const call = (name: string, keys: string[]) =>
      queue.run(keys, async (waited) => {
        log.push(`${name} start${waited ? ' (waited)' : ''}`);
        await tick();
        log.push(`${name} end`);
      });
    await Promise.all([call('a1', ['A']), call('b', ['B']), call('a2', ['A']), call('ab', ['B', 'A'])]);
    expect(log.slice(0, 2)).toEqual(['a1 start', 'b start']);
    expect(log.indexOf('a2 start (waited)')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('ab start (waited)')).toBeGreaterThan(Math.max(log.indexOf('a2 end'), log.indexOf('b end')));
  });

  it('lets the next call run after a failed one and forgets idle rows', async () => {
    const queue = new StockQueue();
    const failed = queue.run(['A'], async () => {
      throw new Error('boom');
    });
    const next = queue.run(['A', 'A'], async (waited) => waited);
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe(true);
    expect(await queue.run(['A'], async (waited) => waited)).toBe(false);
  });
});
