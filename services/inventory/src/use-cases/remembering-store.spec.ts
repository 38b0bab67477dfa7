import type { SqlExecutor } from '@tillwire/platform';
import { describe, expect, it } from 'vitest';
import type { InventoryStore } from '../db/inventory-store.repository';
import type { BatchOutcome, ReserveBatch, SettleBatch } from '../db/stock-batch.repository';
import { changeOn, type StockRow } from '../domain/stock';
import { StockMemory } from '../domain/stock-memory';
import { rememberingStore } from './remembering-store';

const db = { name: 'pool' } as unknown as SqlExecutor;
const tx = { name: 'transaction' } as unknown as SqlExecutor;
const row: StockRow = { sku: 'A', locationCode: 'MAIN', onHand: 10, reserved: 2, version: 4 };
const key = { sku: 'A', locationCode: 'MAIN' };
const reservation = { id: 'r1', transactionId: 't1', sku: 'A', locationCode: 'MAIN', quantity: 1, expiresAt: new Date(0) };
const reserveBatch: ReserveBatch = {
  transactionId: 't1',
  reservations: [reservation],
  changes: [changeOn(row, { onHandDelta: 0, reservedDelta: 1 })],
  movements: [],
};
const settleBatch: SettleBatch = {
  reservations: [reservation],
  status: 'committed',
  unexpiredOnly: true,
  changes: [changeOn(row, { onHandDelta: -1, reservedDelta: -1 })],
  movements: [],
};
const lost: BatchOutcome = { kind: 'lost', at: key };

/** A store whose batches end with `outcome` and whose reads find `row`: plain fakes, as only the memory is under test. */
function storeWith(outcome: BatchOutcome | { kind: 'held' }) {
  const memory = new StockMemory();
  const fake = {
    db,
    stockLevels: {
      findMany: async () => [row],
      applyIfVersion: async () => true,
      removeBySku: async () => 1,
    },
    stockBatches: { reserve: async () => outcome, settle: async () => outcome },
    reservations: { findWithStock: async () => ({ reservations: [], stock: [row] }) },
  } as unknown as InventoryStore;
  return { memory, store: rememberingStore(fake, memory) };
}

describe('rememberingStore', () => {
  it('remembers what reads on the pool find, not what a transaction reads', async () => {
    const inTransaction = storeWith({ kind: 'applied' });
    await inTransaction.store.stockLevels.findMany(tx, ['A'], 'MAIN');
    expect(inTransaction.memory.recall([key])).toBeUndefined();

    const onPool = storeWith({ kind: 'applied' });
    await onPool.store.stockLevels.findMany(db, ['A'], 'MAIN');
    expect(onPool.memory.recall([key])).toEqual([row]);
    onPool.memory.forget([key]);
    await onPool.store.reservations.findWithStock(db, 't1');
    expect(onPool.memory.recall([key])).toEqual([row]);
  });

  it('knows the rows and reservations of a reserve applied on the pool', async () => {
    const { store, memory } = storeWith({ kind: 'applied' });
    await store.stockBatches.reserve(db, reserveBatch);
    expect(memory.recall([key])).toEqual([{ ...row, reserved: 3, version: 5 }]);
    expect(memory.held('t1')).toEqual([reservation]);
  });

  it('forgets the rows of a batch that lost or ran in a transaction, and a settled batch its reservations', async () => {
    for (const [outcome, executor] of [
      [lost, db],
      [{ kind: 'applied' }, tx],
    ] as const) {
      const { store, memory } = storeWith(outcome);
      memory.remember([row]);
      memory.hold('t1', [reservation]);
      await store.stockBatches.reserve(executor, reserveBatch);
      expect(memory.recall([key])).toBeUndefined();
      memory.remember([row]);
      await store.stockBatches.settle(executor, settleBatch);
      expect(memory.recall([key])).toBeUndefined();
      expect(memory.held('t1')).toBeUndefined();
    }
  });

  it('knows the rows of a settle applied on the pool, and no longer holds what it settled', async () => {
    const { store, memory } = storeWith({ kind: 'applied' });
    memory.hold('t1', [reservation]);
    await store.stockBatches.settle(db, settleBatch);
    expect(memory.recall([key])).toEqual([{ ...row, onHand: 9, reserved: 1, version: 5 }]);
    expect(memory.held('t1')).toBeUndefined();
  });

  it('leaves memory alone when the transaction held reservations already', async () => {
    const { store, memory } = storeWith({ kind: 'held' });
    memory.remember([row]);
    await store.stockBatches.reserve(db, reserveBatch);
    expect(memory.recall([key])).toEqual([row]);
    expect(memory.held('t1')).toBeUndefined();
  });

  it('forgets rows that single-row changes and product removals write', async () => {
    const { store, memory } = storeWith({ kind: 'applied' });
    memory.remember([row, { ...row, locationCode: 'BACK' }, { ...row, sku: 'B' }]);
    await store.stockLevels.applyIfVersion(tx, { ...key, onHandDelta: 1, reservedDelta: 0 }, 4);
    expect(memory.recall([key])).toBeUndefined();
    await store.stockLevels.removeBySku(tx, 'A');
    expect(memory.recall([{ sku: 'A', locationCode: 'BACK' }])).toBeUndefined();
    expect(memory.recall([{ sku: 'B', locationCode: 'MAIN' }])).toHaveLength(1);
  });
});
