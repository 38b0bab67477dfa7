import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

/** Stock commit movements of the window (index stock_movements(kind, created_at)); a commit carries its transaction id in `reference`. */
export async function daySaleMovements(sql: SqlExecutor, from: string, to: string): Promise<reports.DayStockSales['movements']> {
  const rows = await sql.query<{ reference: string; location_code: string; sku: string; units: bigint; at: Date }>(
    `SELECT reference, location_code, sku, -sum(on_hand_delta) AS units, max(created_at) AS at
       FROM inventory.stock_movements
      WHERE kind = 'commit' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz AND reference IS NOT NULL
      GROUP BY reference, location_code, sku`,
    [from, to],
  );
  return rows.map((r) => ({
    transactionId: r.reference,
    locationCode: r.location_code,
    sku: r.sku,
    units: toSafeNumber(r.units, 'Units'),
    at: new Date(r.at).toISOString(),
  }));
}
