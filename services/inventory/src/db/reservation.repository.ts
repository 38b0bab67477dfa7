import type { Db } from '@tillwire/platform';
import type { ReservationRow, ReservationStatus } from '../domain/reservation';
import { asUniqueViolation } from './unique-violation';

export type NewReservation = Omit<ReservationRow, 'status'>;

export interface ReservationRepository {
  findByTransaction(tx: Db, transactionId: string): Promise<ReservationRow[]>;
  /** Throws UniqueViolation when the transaction already holds reservations for one of the SKUs. */
  insert(tx: Db, reservations: readonly NewReservation[]): Promise<void>;
  /**
   * Moves the transaction's active reservations to `to` in one conditional UPDATE and returns the rows it moved;
   * a concurrent claimer waits for the row locks and then finds nothing active. With `unexpiredOnly`, rows past
   * their TTL stay where they are.
   */
  claim(tx: Db, transactionId: string, to: ReservationStatus, unexpiredOnly: boolean): Promise<ReservationRow[]>;
  /** Marks up to `limit` past-due active reservations expired, skipping rows another node holds. */
  claimExpired(tx: Db, limit: number): Promise<ReservationRow[]>;
}

export function createReservationRepository(): ReservationRepository {
  return {
    async findByTransaction(tx, transactionId) {
      return tx.$queryRaw<ReservationRow[]>`
        SELECT id::text AS id, transaction_id::text AS "transactionId", sku, location_code AS "locationCode",
               quantity, status::text AS status, expires_at AS "expiresAt"
          FROM inventory.reservations
         WHERE transaction_id = ${transactionId}::uuid
         ORDER BY location_code, sku`;
    },
    async insert(tx, reservations) {
      if (reservations.length === 0) return;
      try {
        await tx.$executeRaw`
          INSERT INTO inventory.reservations
                 (id, transaction_id, sku, location_code, quantity, status, expires_at, updated_at)
          SELECT id, transaction_id, sku, location_code, quantity, 'active', expires_at, now()
            FROM unnest(${reservations.map((r) => r.id)}::uuid[], ${reservations.map((r) => r.transactionId)}::uuid[],
                        ${reservations.map((r) => r.sku)}::varchar[], ${reservations.map((r) => r.locationCode)}::varchar[],
                        ${reservations.map((r) => r.quantity)}::int[],
                        ${reservations.map((r) => r.expiresAt.toISOString())}::timestamptz[])
              AS r(id, transaction_id, sku, location_code, quantity, expires_at)`;
      } catch (error) {
        throw asUniqueViolation(error) ?? error;
      }
    },
    async claim(tx, transactionId, to, unexpiredOnly) {
      return tx.$queryRaw<ReservationRow[]>`
        UPDATE inventory.reservations
           SET status = ${to}::inventory.reservation_status, updated_at = now()
         WHERE transaction_id = ${transactionId}::uuid
           AND status = 'active'
           AND (NOT ${unexpiredOnly}::boolean OR expires_at > now())
        RETURNING id::text AS id, transaction_id::text AS "transactionId", sku, location_code AS "locationCode",
                  quantity, status::text AS status, expires_at AS "expiresAt"`;
    },
    async claimExpired(tx, limit) {
      return tx.$queryRaw<ReservationRow[]>`
        UPDATE inventory.reservations
           SET status = 'expired', updated_at = now()
         WHERE id IN (
           SELECT id FROM inventory.reservations
            WHERE status = 'active' AND expires_at <= now()
            ORDER BY expires_at
            LIMIT ${limit}::int
              FOR UPDATE SKIP LOCKED)
        RETURNING id::text AS id, transaction_id::text AS "transactionId", sku, location_code AS "locationCode",
                  quantity, status::text AS status, expires_at AS "expiresAt"`;
    },
  };
}
