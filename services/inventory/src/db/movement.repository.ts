import type { inventory } from '@tillwire/contracts';
import { columnsOf, type SqlExecutor } from '@tillwire/platform';
import type { MovementDraft, MovementKind } from '../domain/stock';

export interface MovementRepository {
  append(tx: SqlExecutor, movements: readonly MovementDraft[]): Promise<void>;
  /** Serialises transactions working on the same `key` until they commit (a transaction-scoped advisory lock). */
  lock(tx: SqlExecutor, key: string): Promise<void>;
  existsWithReference(tx: SqlExecutor, kind: MovementKind, reference: string): Promise<boolean>;
  /** The ledger newest first, filtered; one row more than `limit` tells the caller another page follows. */
  list(tx: SqlExecutor, filter: inventory.ListMovementsParams): Promise<inventory.StockMovement[]>;
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
    async list(tx, { kinds, sku, locationCode, before, limit }) {
      const rows = await tx.query<Omit<inventory.StockMovement, 'at'> & { at: Date }>(
        `SELECT m.id::text AS id, m.sku, m.location_code AS "locationCode", m.kind::text AS kind,
                m.on_hand_delta AS "onHandDelta", m.reserved_delta AS "reservedDelta", m.reference, m.reason, m.created_at AS at
           FROM inventory.stock_movements m
          WHERE ($1::text[] IS NULL OR m.kind::text = ANY($1::text[]))
            AND ($2::varchar IS NULL OR m.sku = $2)
            AND ($3::varchar IS NULL OR m.location_code = $3)
            AND ($4::bigint IS NULL OR m.id < $4::bigint)
          ORDER BY m.id DESC
          LIMIT $5::int`,
        [kinds ?? null, sku ?? null, locationCode ?? null, before ?? null, limit + 1],
      );
      return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
    },
  };
}

const MOVEMENT_COLUMNS = ['sku', 'locationCode', 'kind', 'onHandDelta', 'reservedDelta', 'reference', 'reason'] as const;

/** The movements as seven parallel arrays, in the column order of stock_movements' inserts. */
export const movementColumns = (movements: readonly MovementDraft[]) => columnsOf(movements, MOVEMENT_COLUMNS);
