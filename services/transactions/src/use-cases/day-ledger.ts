import type { reports } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
import { dayLedgerOf } from '../db/day-ledger.repository';

/** The backend ledger of a window, for the nightly reconciliation. */
export function dayLedger(sql: SqlExecutor, window: { from: string; to: string }): Promise<reports.DayLedger> {
  return dayLedgerOf(sql, window.from, window.to);
}
