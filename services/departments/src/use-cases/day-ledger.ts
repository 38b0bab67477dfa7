import type { reports } from '@tillwire/contracts';
import { dayLedgerEntries } from '../db/day-ledger.repository';
import type { DepartmentsDeps } from './departments.deps';

/** The allocation ledger of a window, for the nightly reconciliation. */
export async function dayLedger(deps: Pick<DepartmentsDeps, 'db'>, window: { from: string; to: string }): Promise<reports.DayDepartmentLedger> {
  return { entries: await dayLedgerEntries(deps.db, window.from, window.to) };
}
