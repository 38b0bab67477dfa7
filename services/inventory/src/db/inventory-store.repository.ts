import type { Db, PrismaClient } from '@tillwire/platform';
import type { Result } from '../domain/inventory-failure';
import { createLocationRepository, type LocationRepository } from './location.repository';
import { createMovementRepository, type MovementRepository } from './movement.repository';
import { createProductRepository, type ProductRepository } from './product.repository';
import { createReservationRepository, type ReservationRepository } from './reservation.repository';
import { createStockLevelRepository, type StockLevelRepository } from './stock-level.repository';

/** The inventory schema's repositories and the one way to open a transaction over them. */
export interface InventoryStore {
  /** The client outside any transaction, for single-statement reads. */
  readonly db: Db;
  /** Runs `work` in one READ COMMITTED transaction; a failed Result rolls everything back and is returned as is. */
  transaction<T>(work: (tx: Db) => Promise<Result<T>>): Promise<Result<T>>;
  readonly products: ProductRepository;
  readonly locations: LocationRepository;
  readonly stockLevels: StockLevelRepository;
  readonly reservations: ReservationRepository;
  readonly movements: MovementRepository;
}

/** Carries a failed Result out of prisma.$transaction, which commits unless its callback throws. */
class Rollback extends Error {
  constructor(readonly result: Result<never>) {
    super('rollback');
  }
}

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000, isolationLevel: 'ReadCommitted' } as const;

export function createInventoryStore(prisma: PrismaClient): InventoryStore {
  return {
    db: prisma,
    async transaction<T>(work: (tx: Db) => Promise<Result<T>>): Promise<Result<T>> {
      try {
        return await prisma.$transaction(async (tx) => {
          const result = await work(tx);
          if (!result.ok) throw new Rollback(result);
          return result;
        }, TRANSACTION_OPTIONS);
      } catch (error) {
        if (error instanceof Rollback) return error.result;
        throw error;
      }
    },
    products: createProductRepository(),
    locations: createLocationRepository(),
    stockLevels: createStockLevelRepository(),
    reservations: createReservationRepository(),
    movements: createMovementRepository(),
  };
}
