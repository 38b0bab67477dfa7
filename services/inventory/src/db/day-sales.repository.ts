import { idSliceCondition, toSafeNumber, type IdSlice, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

/** Stock commit movements of the window for a slice of transactions (index stock_movements(transaction_id)). */
export async function daySaleMovements(
  sql: SqlExecutor,
  slice: { from: string; to: string } & IdSlice,
): Promise<reports.DayStockSales['movements']> {
  const ids = idSliceCondition('transaction_id', slice, 3);
  const rows = await sql.query<{ transaction_id: string; location_code: string; sku: string; units: bigint; at: Date }>(
    `SELECT transaction_id::text, location_code, sku, -sum(on_hand_delta) AS units, max(created_at) AS at
       FROM inventory.stock_movements
      WHERE kind = 'commit' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz AND transaction_id IS NOT NULL ${ids.sql}
      GROUP BY transaction_id, location_code, sku`,
    [slice.from, slice.to, ...ids.params],
  );
  return rows.map((r) => ({
    transactionId: r.transaction_id,
    locationCode: r.location_code,
    sku: r.sku,
    units: toSafeNumber(r.units, 'Units'),
    at: new Date(r.at).toISOString(),
  }));
}
