import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { StockChange, StockKey, StockRow } from '../domain/stock';

export interface ConsistencyRow {
  readonly sku: string;
  readonly locationCode: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly ledgerOnHand: number;
  readonly ledgerReserved: number;
}

export interface StockLevelRepository {
  find(tx: SqlExecutor, sku: string, locationCode: string): Promise<StockRow | undefined>;
  findMany(tx: SqlExecutor, skus: readonly string[], locationCode: string): Promise<StockRow[]>;
  /** The rows of SKUs at possibly different locations. */
  findByKeys(tx: SqlExecutor, keys: readonly StockKey[]): Promise<StockRow[]>;
  /** Creates missing rows at zero (which matches an empty ledger); existing rows are left alone. */
  ensure(tx: SqlExecutor, skus: readonly string[], locationCode: string): Promise<void>;
  /** One conditional UPDATE: applies `change` only if the row still has `version`. False when the race was lost. */
  applyIfVersion(tx: SqlExecutor, change: StockChange, version: number): Promise<boolean>;
  /** Every location's row of a SKU, locked (FOR UPDATE) until the transaction ends, in location order. */
  lockBySku(tx: SqlExecutor, sku: string): Promise<StockRow[]>;
  /** Deletes every row of a SKU; returns how many there were. */
  removeBySku(tx: SqlExecutor, sku: string): Promise<number>;
  /** Every stock row and every ledger group, compared in one query; mismatches only. */
  consistency(tx: SqlExecutor): Promise<{ checked: number; mismatches: ConsistencyRow[] }>;
}

const STOCK_ROW = `sku, location_code AS "locationCode", on_hand AS "onHand", reserved, version`;

export function createStockLevelRepository(): StockLevelRepository {
  return {
    async find(tx, sku, locationCode) {
      const [row] = await tx.query<StockRow>(
        `SELECT ${STOCK_ROW} FROM inventory.stock_levels WHERE sku = $1 AND location_code = $2`,
        [sku, locationCode],
      );
      return row;
    },
    async findMany(tx, skus, locationCode) {
      return tx.query<StockRow>(
        `SELECT ${STOCK_ROW} FROM inventory.stock_levels WHERE location_code = $1 AND sku = ANY($2::varchar[])`,
        [locationCode, skus],
      );
    },
    async findByKeys(tx, keys) {
      return tx.query<StockRow>(
        `SELECT ${STOCK_ROW} FROM inventory.stock_levels
          WHERE (sku, location_code) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
        [keys.map((k) => k.sku), keys.map((k) => k.locationCode)],
      );
    },
    async ensure(tx, skus, locationCode) {
      await tx.execute(
        `INSERT INTO inventory.stock_levels (sku, location_code, on_hand, reserved, version, updated_at)
         SELECT sku, $1, 0, 0, 0, now() FROM unnest($2::varchar[]) AS s(sku)
         ON CONFLICT (sku, location_code) DO NOTHING`,
        [locationCode, skus],
      );
    },
    async applyIfVersion(tx, change, version) {
      const updated = await tx.execute(
        `UPDATE inventory.stock_levels
            SET on_hand = on_hand + $1::int, reserved = reserved + $2::int, version = version + 1, updated_at = now()
          WHERE sku = $3 AND location_code = $4 AND version = $5::int`,
        [change.onHandDelta, change.reservedDelta, change.sku, change.locationCode, version],
      );
      return updated === 1;
    },
    async lockBySku(tx, sku) {
      return tx.query<StockRow>(`SELECT ${STOCK_ROW} FROM inventory.stock_levels WHERE sku = $1 ORDER BY location_code FOR UPDATE`, [sku]);
    },
    async removeBySku(tx, sku) {
      return tx.execute('DELETE FROM inventory.stock_levels WHERE sku = $1', [sku]);
    },
    async consistency(tx) {
      const [row] = await tx.query<{ checked: bigint; mismatches: RawMismatch[] }>(
        `WITH ledger AS (
           SELECT sku, location_code, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved
             FROM inventory.stock_movements
            GROUP BY sku, location_code
         ), compared AS (
           SELECT COALESCE(s.sku, l.sku) AS sku,
                  COALESCE(s.location_code, l.location_code) AS location_code,
                  COALESCE(s.on_hand, 0) AS on_hand,
                  COALESCE(s.reserved, 0) AS reserved,
                  COALESCE(l.on_hand, 0) AS ledger_on_hand,
                  COALESCE(l.reserved, 0) AS ledger_reserved
             FROM inventory.stock_levels s
             FULL JOIN ledger l ON l.sku = s.sku AND l.location_code = s.location_code
         )
         SELECT count(*) AS checked,
                COALESCE(
                  json_agg(json_build_object(
                    'sku', sku, 'locationCode', location_code, 'onHand', on_hand, 'reserved', reserved,
                    'ledgerOnHand', ledger_on_hand::text, 'ledgerReserved', ledger_reserved::text
                  ) ORDER BY location_code, sku)
                  FILTER (WHERE on_hand <> ledger_on_hand OR reserved <> ledger_reserved),
                  '[]'::json
                ) AS mismatches
           FROM compared`,
      );
      return {
        checked: toSafeNumber(row?.checked ?? 0n, 'checked rows'),
        mismatches: (row?.mismatches ?? []).map((m) => ({
          sku: m.sku,
          locationCode: m.locationCode,
          onHand: m.onHand,
          reserved: m.reserved,
          ledgerOnHand: toSafeNumber(BigInt(m.ledgerOnHand), 'ledger on-hand'),
          ledgerReserved: toSafeNumber(BigInt(m.ledgerReserved), 'ledger reserved'),
        })),
      };
    },
  };
}

/** Ledger sums are numeric in SQL; they travel as text so JSON cannot round them. */
interface RawMismatch {
  sku: string;
  locationCode: string;
  onHand: number;
  reserved: number;
  ledgerOnHand: string;
  ledgerReserved: string;
}
