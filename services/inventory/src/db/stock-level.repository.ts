import { toSafeNumber, type Db } from '@tillwire/platform';
import type { StockChange, StockRow } from '../domain/stock';

export interface ConsistencyRow {
  readonly sku: string;
  readonly locationCode: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly ledgerOnHand: number;
  readonly ledgerReserved: number;
}

export interface StockLevelRepository {
  find(tx: Db, sku: string, locationCode: string): Promise<StockRow | undefined>;
  findMany(tx: Db, skus: readonly string[], locationCode: string): Promise<StockRow[]>;
  /** Creates missing rows at zero (which matches an empty ledger); existing rows are left alone. */
  ensure(tx: Db, skus: readonly string[], locationCode: string): Promise<void>;
  /** One conditional UPDATE: applies `change` only if the row still has `version`. False when the race was lost. */
  applyIfVersion(tx: Db, change: StockChange, version: number): Promise<boolean>;
  /** Every stock row and every ledger group, compared in one query; mismatches only. */
  consistency(tx: Db): Promise<{ checked: number; mismatches: ConsistencyRow[] }>;
}

export function createStockLevelRepository(): StockLevelRepository {
  return {
    async find(tx, sku, locationCode) {
      const [row] = await tx.$queryRaw<StockRow[]>`
        SELECT sku, location_code AS "locationCode", on_hand AS "onHand", reserved, version
          FROM inventory.stock_levels
         WHERE sku = ${sku} AND location_code = ${locationCode}`;
      return row;
    },
    async findMany(tx, skus, locationCode) {
      return tx.$queryRaw<StockRow[]>`
        SELECT sku, location_code AS "locationCode", on_hand AS "onHand", reserved, version
          FROM inventory.stock_levels
         WHERE location_code = ${locationCode} AND sku = ANY(${[...skus]}::varchar[])`;
    },
    async ensure(tx, skus, locationCode) {
      await tx.$executeRaw`
        INSERT INTO inventory.stock_levels (sku, location_code, on_hand, reserved, version, updated_at)
        SELECT sku, ${locationCode}, 0, 0, 0, now() FROM unnest(${[...skus]}::varchar[]) AS s(sku)
        ON CONFLICT (sku, location_code) DO NOTHING`;
    },
    async applyIfVersion(tx, change, version) {
      const updated = await tx.$executeRaw`
        UPDATE inventory.stock_levels
           SET on_hand = on_hand + ${change.onHandDelta}::int,
               reserved = reserved + ${change.reservedDelta}::int,
               version = version + 1,
               updated_at = now()
         WHERE sku = ${change.sku} AND location_code = ${change.locationCode} AND version = ${version}::int`;
      return updated === 1;
    },
    async consistency(tx) {
      const [row] = await tx.$queryRaw<Array<{ checked: bigint; mismatches: RawMismatch[] }>>`
        WITH ledger AS (
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
          FROM compared`;
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
