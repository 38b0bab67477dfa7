import type { SqlExecutor } from '@tillwire/platform';
import type { InventoryStore } from '../db/inventory-store.repository';
import type { StockMemory } from '../domain/stock-memory';

/**
 * The store, keeping `memory` right through every stock read and write that passes it, so that no use
 * case has to:
 * - what commits on its own (a statement on `store.db`) is remembered as it left the rows: a read as
 *   read, an applied batch as it changed them, with a reserve's reservations held;
 * - a write in a transaction forgets its rows instead, as the transaction may still roll back;
 * - a batch that lost forgets its rows, so the next attempt reads them;
 * - a settle, applied or lost, ends the holds of its transactions.
 * `ensure` only adds rows this node cannot know (the removal that deleted them forgot them). Writes by
 * other nodes, or around the service, are caught by the batch's check of every row it changes.
 */
export function rememberingStore(store: InventoryStore, memory: StockMemory): InventoryStore {
  const committed = (tx: SqlExecutor) => tx === store.db;
  const { stockLevels, stockBatches, reservations } = store;
  return {
    ...store,
    stockLevels: {
      ...stockLevels,
      async findMany(tx, skus, locationCode) {
        const rows = await stockLevels.findMany(tx, skus, locationCode);
        if (committed(tx)) memory.remember(rows);
        return rows;
      },
      async applyIfVersion(tx, change, version) {
        memory.forget([change]);
        return stockLevels.applyIfVersion(tx, change, version);
      },
      async removeBySku(tx, sku) {
        memory.forgetSku(sku);
        return stockLevels.removeBySku(tx, sku);
      },
    },
    stockBatches: {
      async reserve(tx, batch) {
        const outcome = await stockBatches.reserve(tx, batch);
        if (outcome.kind === 'held') return outcome;
        if (outcome.kind === 'applied' && committed(tx)) {
          memory.applied(batch.changes);
          memory.hold(batch.transactionId, batch.reservations);
        } else {
          memory.forget(batch.changes);
        }
        return outcome;
      },
      async settle(tx, batch) {
        const outcome = await stockBatches.settle(tx, batch);
        if (outcome.kind === 'applied' && committed(tx)) memory.applied(batch.changes);
        else memory.forget(batch.changes);
        memory.settled(new Set(batch.reservations.map((r) => r.transactionId)));
        return outcome;
      },
    },
    reservations: {
      ...reservations,
      async findWithStock(tx, transactionId) {
        const found = await reservations.findWithStock(tx, transactionId);
        if (committed(tx)) memory.remember(found.stock);
        return found;
      },
    },
  };
}
