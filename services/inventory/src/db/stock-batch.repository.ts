import { columnsOf, type SqlExecutor } from '@tillwire/platform';
import type { ReservationRow, ReservationStatus } from '../domain/reservation';
import type { MovementDraft, StockKey, VersionedChange } from '../domain/stock';
import { MOVEMENT_TRANSACTION_ID, movementColumns } from './movement.repository';
import type { NewReservation } from './reservation.repository';
import { asUniqueViolation } from './unique-violation';

/** A batch either applied whole, or wrote nothing because a row it depends on no longer reads as the batch expects. */
export type BatchOutcome = { readonly kind: 'applied' } | { readonly kind: 'lost'; readonly at: StockKey };

export interface ReserveBatch {
  readonly transactionId: string;
  readonly reservations: readonly NewReservation[];
  readonly changes: readonly VersionedChange[];
  readonly movements: readonly MovementDraft[];
}

export interface SettleBatch {
  /** The reservations to claim, each with its transaction. */
  readonly reservations: readonly Pick<ReservationRow, 'id' | 'transactionId'>[];
  readonly status: Exclude<ReservationStatus, 'active'>;
  /** A commit may not take a reservation whose TTL passes after it was read. */
  readonly unexpiredOnly: boolean;
  readonly changes: readonly VersionedChange[];
  readonly movements: readonly MovementDraft[];
}

/**
 * Stock changes together with the rows that explain them, each batch one statement and so all or
 * nothing without a transaction of its own (a caller's transaction is joined).
 */
export interface StockBatchRepository {
  /**
   * Inserts the reservations, applies the changes and appends the movements, unless the transaction
   * already holds reservations (`held`) or a stock row moved on (`lost`). Throws UniqueViolation when a
   * concurrent call for the same transaction inserted first.
   */
  reserve(tx: SqlExecutor, batch: ReserveBatch): Promise<BatchOutcome | { readonly kind: 'held' }>;
  /**
   * Moves the reservations from active to `status`, applies the changes and appends the movements,
   * unless a reservation is no longer active or a stock row moved on (both `lost`).
   */
  settle(tx: SqlExecutor, batch: SettleBatch): Promise<BatchOutcome>;
}

interface StatementParts {
  /** CTEs the precondition reads, locked before any stock row. */
  readonly before?: string;
  /** Evaluated once, before any stock row is locked; when false, every change counts as lost. */
  readonly precondition: string;
  /** The batch's own write, joined with `go` so that it happens only with the stock writes. */
  readonly write: string;
  /** The result rows: one per lost change, none when the batch applied. */
  readonly result: string;
}

/**
 * The shared frame. The changes are $1–$7, each with the row it expects (version and levels), the
 * movements $8–$14, the statement's own parameters follow. `stock` locks the rows in one order (by code
 * unit, as mergeLines orders the lines receipts change row by row), so concurrent writers cannot
 * deadlock, and reads each at its latest version, a concurrent writer's once it commits. A change is
 * lost unless its row reads exactly as expected. The writes are joined with `go`, which has a row only
 * when no change is lost; every row is locked by then, so none can move on before the statement ends.
 */
function batchStatement({ before, precondition, write, result }: StatementParts): string {
  return `
    WITH ${before ? `${before},` : ''}
    change AS (
      SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[])
        AS c(sku, location_code, version, on_hand, reserved, on_hand_delta, reserved_delta)
    ), stock AS MATERIALIZED (
      SELECT s.sku, s.location_code, s.version, s.on_hand, s.reserved
        FROM inventory.stock_levels s JOIN change c ON c.sku = s.sku AND c.location_code = s.location_code
       WHERE ${precondition}
       ORDER BY s.location_code COLLATE "C", s.sku COLLATE "C"
         FOR UPDATE OF s
    ), lost AS (
      SELECT c.sku, c.location_code
        FROM change c LEFT JOIN stock s ON s.sku = c.sku AND s.location_code = c.location_code
       WHERE (s.version, s.on_hand, s.reserved) IS DISTINCT FROM (c.version, c.on_hand, c.reserved)
    ), go AS (
      SELECT WHERE NOT EXISTS (SELECT FROM lost)
    ), changed AS (
      UPDATE inventory.stock_levels s
         SET on_hand = s.on_hand + c.on_hand_delta, reserved = s.reserved + c.reserved_delta,
             version = s.version + 1, updated_at = now()
        FROM change c, go
       WHERE s.sku = c.sku AND s.location_code = c.location_code AND s.version = c.version
    ), logged AS (
      INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reference, reason, transaction_id)
      SELECT m.sku, m.location_code, m.kind::inventory.movement_kind, m.on_hand_delta, m.reserved_delta, m.reference, m.reason,
             ${MOVEMENT_TRANSACTION_ID}
        FROM unnest($8::varchar[], $9::varchar[], $10::text[], $11::int[], $12::int[], $13::varchar[], $14::varchar[])
          AS m(sku, location_code, kind, on_hand_delta, reserved_delta, reference, reason), go
    ), ${write}
    ${result}`;
}

const HELD = 'EXISTS (SELECT FROM inventory.reservations WHERE transaction_id = $15::uuid)';

const RESERVE = batchStatement({
  precondition: `NOT ${HELD}`,
  write: `taken AS (
      INSERT INTO inventory.reservations (id, transaction_id, sku, location_code, quantity, status, expires_at, updated_at)
      SELECT n.id, $15::uuid, n.sku, n.location_code, n.quantity, 'active', n.expires_at, now()
        FROM unnest($16::uuid[], $17::varchar[], $18::varchar[], $19::int[], $20::timestamptz[])
          AS n(id, sku, location_code, quantity, expires_at), go
    )`,
  result: `SELECT sku, location_code AS "locationCode", ${HELD} AS held FROM lost ORDER BY location_code, sku`,
});

// Reservations are locked before stock rows, the order the expiry sweeper takes them in too.
const SETTLE = batchStatement({
  before: `claim AS MATERIALIZED (
      SELECT r.id FROM inventory.reservations r
       WHERE r.id = ANY($15::uuid[]) AND r.status = 'active' AND (NOT $17::boolean OR r.expires_at > now())
       ORDER BY r.id
         FOR UPDATE OF r
    )`,
  precondition: '(SELECT count(*) FROM claim) = cardinality($15::uuid[])',
  write: `claimed AS (
      UPDATE inventory.reservations r SET status = $16::inventory.reservation_status, updated_at = now()
        FROM go
       WHERE r.id = ANY($15::uuid[])
    )`,
  result: 'SELECT sku, location_code AS "locationCode" FROM lost ORDER BY location_code, sku',
});

const changeColumns = (changes: readonly VersionedChange[]) =>
  columnsOf(changes, ['sku', 'locationCode', 'version', 'onHand', 'reserved', 'onHandDelta', 'reservedDelta'] as const);

function outcome(lost: readonly StockKey[]): BatchOutcome {
  const [first] = lost;
  return first ? { kind: 'lost', at: { sku: first.sku, locationCode: first.locationCode } } : { kind: 'applied' };
}

export function createStockBatchRepository(): StockBatchRepository {
  return {
    async reserve(tx, batch) {
      const { reservations: r } = batch;
      try {
        const lost = await tx.query<StockKey & { held: boolean }>(RESERVE, [
          ...changeColumns(batch.changes),
          ...movementColumns(batch.movements),
          batch.transactionId,
          r.map((x) => x.id),
          r.map((x) => x.sku),
          r.map((x) => x.locationCode),
          r.map((x) => x.quantity),
          r.map((x) => x.expiresAt.toISOString()),
        ]);
        return lost[0]?.held ? { kind: 'held' } : outcome(lost);
      } catch (error) {
        throw asUniqueViolation(error) ?? error;
      }
    },
    async settle(tx, batch) {
      const lost = await tx.query<StockKey>(SETTLE, [
        ...changeColumns(batch.changes),
        ...movementColumns(batch.movements),
        batch.reservations.map((r) => r.id),
        batch.status,
        batch.unexpiredOnly,
      ]);
      return outcome(lost);
    },
  };
}
