import type { reports } from '@tillwire/contracts';
import type { IdSlice } from '@tillwire/platform';
import { dayLedgerEntries } from '../db/day-ledger.repository';
import type { DepartmentsDeps } from './departments.deps';

/** The allocation ledger of a window and a slice of transactions, for the nightly reconciliation. */
export async function dayLedger(deps: Pick<DepartmentsDeps, 'db'>, slice: { from: string; to: string } & IdSlice): Promise<reports.DayDepartmentLedger> {
  return { entries: await dayLedgerEntries(deps.db, slice) };
}
