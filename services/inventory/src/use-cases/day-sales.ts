import type { reports } from '@tillwire/contracts';
import type { IdSlice, SqlExecutor } from '@tillwire/platform';
import { daySaleMovements } from '../db/day-sales.repository';

/** The stock that left as sales in a window, for a slice of transactions, for the nightly reconciliation. */
export async function daySales(sql: SqlExecutor, slice: { from: string; to: string } & IdSlice): Promise<reports.DayStockSales> {
  return { movements: await daySaleMovements(sql, slice) };
}
