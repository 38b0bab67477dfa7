import type { reports } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
import { dayLedgerOf, type LedgerSlice } from '../db/day-ledger.repository';

/** A slice of the backend ledger of a window, for the nightly reconciliation; a slice without sales is in the store's currency. */
export function dayLedger(sql: SqlExecutor, slice: LedgerSlice, storeCurrency: string): Promise<reports.DayLedger> {
  return dayLedgerOf(sql, slice, storeCurrency);
}
