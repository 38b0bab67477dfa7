import { columnsOf, type SqlExecutor } from '@tillwire/platform';
import type { MovementDraft, MovementKind } from '../domain/stock';

export interface MovementRepository {
  append(tx: SqlExecutor, movements: readonly MovementDraft[]): Promise<void>;
  /** Serialises transactions working on the same `key` until they commit (a transaction-scoped advisory lock). */
  lock(tx: SqlExecutor, key: string): Promise<void>;
  existsWithReference(tx: SqlExecutor, kind: MovementKind, reference: string): Promise<boolean>;
}

/** Reservation movements (reserve, release, commit) reference their transaction; it is kept typed for the reconciliation's slices. */
export const MOVEMENT_TRANSACTION_ID = `CASE WHEN m.kind IN ('reserve', 'release', 'commit') THEN m.reference::uuid END`;

export function createMovementRepository(): MovementRepository {
  return {
    async append(tx, movements) {
      if (movements.length === 0) return;
      await tx.execute(
        `INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reference, reason, transaction_id)
         SELECT m.sku, m.location_code, m.kind::inventory.movement_kind, m.on_hand_delta, m.reserved_delta, m.reference, m.reason,
                ${MOVEMENT_TRANSACTION_ID}
           FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::int[], $5::int[], $6::varchar[], $7::varchar[])
             AS m(sku, location_code, kind, on_hand_delta, reserved_delta, reference, reason)`,
        movementColumns(movements),
      );
    },
    async lock(tx, key) {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    },
    async existsWithReference(tx, kind, reference) {
      const rows = await tx.query(
        `SELECT 1 FROM inventory.stock_movements
          WHERE reference = $1 AND kind = $2::inventory.movement_kind
          LIMIT 1`,
        [reference, kind],
      );
      return rows.length > 0;
    },
  };
}

const MOVEMENT_COLUMNS = ['sku', 'locationCode', 'kind', 'onHandDelta', 'reservedDelta', 'reference', 'reason'] as const;

/** The movements as seven parallel arrays, in the column order of stock_movements' inserts. */
export const movementColumns = (movements: readonly MovementDraft[]) => columnsOf(movements, MOVEMENT_COLUMNS);
