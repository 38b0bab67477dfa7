import type { reports } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
import { dayLedgerOf, type LedgerSlice } from '../db/day-ledger.repository';

/** A slice of the backend ledger of a window, for the nightly reconciliation. */
export function dayLedger(sql: SqlExecutor, slice: LedgerSlice): Promise<reports.DayLedger> {
  return dayLedgerOf(sql, slice);
}
