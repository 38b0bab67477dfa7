import type { SqlExecutor } from '@tillwire/platform';
import type { Result } from '../domain/inventory-failure';
import { createLocationRepository, type LocationRepository } from './location.repository';
import { createMovementRepository, type MovementRepository } from './movement.repository';
import { createProductRepository, type ProductRepository } from './product.repository';
import { createReservationRepository, type ReservationRepository } from './reservation.repository';
import { createStockBatchRepository, type StockBatchRepository } from './stock-batch.repository';
import { createStockLevelRepository, type StockLevelRepository } from './stock-level.repository';

/** The inventory schema's repositories and the one way to open a transaction over them. */
export interface InventoryStore {
  /** The pool outside any transaction: each statement runs and commits on its own. */
  readonly db: SqlExecutor;
  /** Runs `work` in one READ COMMITTED transaction; a failed Result rolls everything back and is returned as is. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<Result<T>>): Promise<Result<T>>;
  readonly products: ProductRepository;
  readonly locations: LocationRepository;
  readonly stockLevels: StockLevelRepository;
  readonly stockBatches: StockBatchRepository;
  readonly reservations: ReservationRepository;
  readonly movements: MovementRepository;
}

/** Carries a failed Result out of sql.transaction, which commits unless its callback throws. */
class Rollback extends Error {
  constructor(readonly result: Result<never>) {
    super('rollback');
  }
}

export function createInventoryStore(sql: SqlExecutor): InventoryStore {
  return {
    db: sql,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<Result<T>>): Promise<Result<T>> {
      try {
        return await sql.transaction(async (tx) => {
          const result = await work(tx);
          if (!result.ok) throw new Rollback(result);
          return result;
        });
      } catch (error) {
        if (error instanceof Rollback) return error.result;
        throw error;
      }
    },
    products: createProductRepository(),
    locations: createLocationRepository(),
    stockLevels: createStockLevelRepository(),
    stockBatches: createStockBatchRepository(),
    reservations: createReservationRepository(),
    movements: createMovementRepository(),
  };
}
