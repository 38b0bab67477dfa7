import type { SqlExecutor } from '@tillwire/platform';
import { describe, expect, it } from 'vitest';
import type { InventoryStore } from '../db/inventory-store.repository';
import type { StockLevelRepository } from '../db/stock-level.repository';
import { reservable } from '../domain/availability';
import { StockAttempts } from '../domain/stock-attempts';
import { StockMemory } from '../domain/stock-memory';
import type { StockChange, StockRow } from '../domain/stock';
import { changeStockLevel } from './change-stock-level';
import type { InventoryContext } from './inventory-context';
import { StockQueue } from './stock-queue';

/** A stock row another writer changes `racesToLose` times just before our conditional update lands. */
function fakeStock(start: StockRow, racesToLose: number, rival = (r: StockRow) => ({ ...r, reserved: r.reserved + 1 })) {
  let row = start;
  let races = racesToLose;
  const updates: number[] = [];
  const repo: Pick<StockLevelRepository, 'find' | 'applyIfVersion'> = {
    find: async () => row,
    applyIfVersion: async (_tx: SqlExecutor, change: StockChange, version: number) => {
      updates.push(version);
      if (races > 0) {
        races -= 1;
        row = { ...rival(row), version: row.version + 1 };
      }
      if (row.version !== version) return false;
      row = { ...row, reserved: row.reserved + change.reservedDelta, onHand: row.onHand + change.onHandDelta, version: version + 1 };
      return true;
    },
  };
  return { repo, updates, current: () => row };
}

function context(stockLevels: Partial<StockLevelRepository>, maxAttempts = 4) {
  const attempts = new StockAttempts();
  const ctx = {
    store: { stockLevels } as unknown as InventoryStore,
    memory: new StockMemory(),
    queue: new StockQueue(),
    retry: { maxAttempts, baseDelayMs: 0, maxDelayMs: 0 },
    attempts,
    sleep: async () => {},
    departmentExists: async () => true,
    currency: 'EUR',
  } satisfies InventoryContext;
  return { ctx, attempts };
}

const tx = {} as SqlExecutor;
const row: StockRow = { sku: 'A', locationCode: 'MAIN', onHand: 10, reserved: 0, version: 0 };
const reserveOne: StockChange = { sku: 'A', locationCode: 'MAIN', onHandDelta: 0, reservedDelta: 1 };

describe('changeStockLevel', () => {
  it('applies with one conditional update when nobody races', async () => {
    const stock = fakeStock(row, 0);
    const { ctx, attempts } = context(stock.repo);
    expect(await changeStockLevel(ctx, tx, reserveOne)).toEqual({ ok: true, value: { ...row, reserved: 1, version: 1 } });
    expect(stock.updates).toEqual([0]);
    expect(attempts.snapshot()).toMatchObject({ appliedByAttempts: { 1: 1 }, conflicts: 0 });
  });

  it('re-reads and retries on the new version after a lost race', async () => {
    const stock = fakeStock(row, 2);
    const { ctx, attempts } = context(stock.repo);
    const result = await changeStockLevel(ctx, tx, reserveOne);
    expect(result).toMatchObject({ ok: true, value: { reserved: 3, version: 3 } });
    expect(stock.updates).toEqual([0, 1, 2]);
    expect(attempts.snapshot()).toMatchObject({ appliedByAttempts: { 3: 1 }, conflicts: 2 });
  });

  it('re-checks the rule on every fresh read', async () => {
    const stock = fakeStock({ ...row, onHand: 1 }, 1);
    const { ctx } = context(stock.repo);
    const result = await changeStockLevel(ctx, tx, reserveOne, (r) => reservable(r, 1));
    expect(result).toEqual({ ok: false, failure: { code: 'insufficient_stock', sku: 'A', requested: 1, available: 0 } });
    expect(stock.current().reserved).toBe(1);
  });

  it('gives up with stock_contention after the last attempt', async () => {
    const stock = fakeStock(row, 10, (r) => r);
    const { ctx, attempts } = context(stock.repo, 4);
    const result = await changeStockLevel(ctx, tx, reserveOne);
    expect(result).toEqual({
      ok: false,
      failure: { code: 'stock_contention', sku: 'A', locationCode: 'MAIN', attempts: 4 },
    });
    expect(stock.updates).toHaveLength(4);
    expect(attempts.snapshot()).toMatchObject({ contention: 1, conflicts: 4 });
  });
});
