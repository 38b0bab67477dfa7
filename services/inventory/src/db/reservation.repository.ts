import type { inventory } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
import type { ReservationRow, ReservationState } from '../domain/reservation';
import type { StockRow } from '../domain/stock';

export type NewReservation = Omit<ReservationRow, 'status'>;

export interface ReservationsWithStock {
  readonly reservations: ReservationState[];
  /** The stock rows the reservations hold stock of, one per SKU and location. */
  readonly stock: StockRow[];
}

export interface ReservationRepository {
  findByTransaction(tx: SqlExecutor, transactionId: string): Promise<ReservationRow[]>;
  /** A transaction's reservations and their stock rows, in one read. */
  findWithStock(tx: SqlExecutor, transactionId: string): Promise<ReservationsWithStock>;
  /**
   * Locks up to `limit` past-due active reservations until the transaction ends, skipping rows another
   * node holds, so concurrent sweepers never take the same reservation.
   */
  lockExpired(tx: SqlExecutor, limit: number): Promise<ReservationRow[]>;
  /** Active reservations (at one location, or all), soonest to expire first. */
  listActive(tx: SqlExecutor, filter: { locationCode?: string | undefined; limit: number }): Promise<inventory.LiveReservation[]>;
}

const RESERVATION = `r.id::text AS id, r.transaction_id::text AS "transactionId", r.sku, r.location_code AS "locationCode",
                     r.quantity, r.status::text AS status, r.expires_at AS "expiresAt"`;

type JoinedRow = ReservationState & { onHand: number | null; reserved: number | null; version: number | null };

export function createReservationRepository(): ReservationRepository {
  return {
    async findByTransaction(tx, transactionId) {
      return tx.query<ReservationRow>(
        `SELECT ${RESERVATION} FROM inventory.reservations r
          WHERE r.transaction_id = $1::uuid
          ORDER BY r.location_code, r.sku`,
        [transactionId],
      );
    },
    async findWithStock(tx, transactionId) {
      const rows = await tx.query<JoinedRow>(
        `SELECT ${RESERVATION}, r.expires_at <= now() AS "pastTtl", s.on_hand AS "onHand", s.reserved, s.version
           FROM inventory.reservations r
           LEFT JOIN inventory.stock_levels s ON s.sku = r.sku AND s.location_code = r.location_code
          WHERE r.transaction_id = $1::uuid
          ORDER BY r.location_code, r.sku`,
        [transactionId],
      );
      // Unique by SKU and location per transaction, so each stock row appears once.
      return {
        reservations: rows.map(({ onHand: _o, reserved: _r, version: _v, ...reservation }) => reservation),
        stock: rows.flatMap(({ sku, locationCode, onHand, reserved, version }) =>
          onHand === null || reserved === null || version === null ? [] : [{ sku, locationCode, onHand, reserved, version }],
        ),
      };
    },
    async lockExpired(tx, limit) {
      return tx.query<ReservationRow>(
        `SELECT ${RESERVATION} FROM inventory.reservations r
          WHERE r.status = 'active' AND r.expires_at <= now()
          ORDER BY r.expires_at
          LIMIT $1::int
            FOR UPDATE SKIP LOCKED`,
        [limit],
      );
    },
    async listActive(tx, { locationCode, limit }) {
      const rows = await tx.query<Omit<inventory.LiveReservation, 'expiresAt' | 'createdAt'> & { expiresAt: Date; createdAt: Date }>(
        `SELECT r.id::text AS id, r.transaction_id::text AS "transactionId", r.sku, r.location_code AS "locationCode",
                r.quantity, r.expires_at AS "expiresAt", r.created_at AS "createdAt"
           FROM inventory.reservations r
          WHERE r.status = 'active' AND ($1::varchar IS NULL OR r.location_code = $1)
          ORDER BY r.expires_at, r.id
          LIMIT $2::int`,
        [locationCode ?? null, limit],
      );
      return rows.map((r) => ({ ...r, expiresAt: new Date(r.expiresAt).toISOString(), createdAt: new Date(r.createdAt).toISOString() }));
    },
  };
}
