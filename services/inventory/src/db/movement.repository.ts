import type { Db } from '@tillwire/platform';
import type { MovementDraft, MovementKind } from '../domain/stock';

export interface MovementRepository {
  append(tx: Db, movements: readonly MovementDraft[]): Promise<void>;
  /** Serialises transactions working on the same `key` until they commit (a transaction-scoped advisory lock). */
  lock(tx: Db, key: string): Promise<void>;
  existsWithReference(tx: Db, kind: MovementKind, reference: string): Promise<boolean>;
}

export function createMovementRepository(): MovementRepository {
  return {
    async append(tx, movements) {
      if (movements.length === 0) return;
      await tx.$executeRaw`
        INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reference, reason)
        SELECT sku, location_code, kind::inventory.movement_kind, on_hand_delta, reserved_delta, reference, reason
          FROM unnest(${movements.map((m) => m.sku)}::varchar[], ${movements.map((m) => m.locationCode)}::varchar[],
                      ${movements.map((m) => m.kind)}::text[], ${movements.map((m) => m.onHandDelta)}::int[],
                      ${movements.map((m) => m.reservedDelta)}::int[], ${movements.map((m) => m.reference)}::varchar[],
                      ${movements.map((m) => m.reason)}::varchar[])
            AS m(sku, location_code, kind, on_hand_delta, reserved_delta, reference, reason)`;
    },
    async lock(tx, key) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    },
    async existsWithReference(tx, kind, reference) {
      const rows = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM inventory.stock_movements
         WHERE reference = ${reference} AND kind = ${kind}::inventory.movement_kind
         LIMIT 1`;
      return rows.length > 0;
    },
  };
}
