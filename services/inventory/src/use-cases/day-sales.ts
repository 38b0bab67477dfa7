import type { reports } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
import { daySaleMovements } from '../db/day-sales.repository';

/** The stock that left as sales in a window, for the nightly reconciliation. */
export async function daySales(sql: SqlExecutor, window: { from: string; to: string }): Promise<reports.DayStockSales> {
  return { movements: await daySaleMovements(sql, window.from, window.to) };
}
