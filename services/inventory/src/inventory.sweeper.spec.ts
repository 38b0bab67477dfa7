import { describe, expect, it, vi } from 'vitest';
import { failures, fail, ok } from './domain/inventory-failure';
import { startExpirySweeper } from './inventory.sweeper';

const logger = { warn: vi.fn(), error: vi.fn() };

describe('expiry sweeper', () => {
  it('drains full batches and announces each batch that expired something', async () => {
    const batches = [
      ok({ expired: 2, transactionIds: ['t1', 't2'] }),
      ok({ expired: 1, transactionIds: ['t3'] }),
    ];
    const sweep = vi.fn(async () => batches.shift() ?? ok({ expired: 0, transactionIds: [] }));
    const announced: string[][] = [];
    const sweeper = startExpirySweeper({
      intervalMs: 60_000,
      batchSize: 2,
      sweep,
      onExpired: async (ids) => void announced.push(ids),
      logger,
    });
    await sweeper.sweepNow();
    await sweeper.stop();
    expect(sweep).toHaveBeenCalledTimes(2);
    expect(announced).toEqual([['t1', 't2'], ['t3']]);
  });

  it('runs one sweep at a time and defers on a failed batch', async () => {
    let calls = 0;
    const sweep = async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return fail(failures.stockContention('A', 'MAIN', 16));
    };
    const sweeper = startExpirySweeper({ intervalMs: 60_000, batchSize: 10, sweep, onExpired: async () => {}, logger });
    await Promise.all([sweeper.sweepNow(), sweeper.sweepNow()]);
    await sweeper.stop();
    expect(calls).toBe(1);
    expect(logger.warn).toHaveBeenCalledOnce();
  });
});
