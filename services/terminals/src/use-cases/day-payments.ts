import type { reports } from '@tillwire/contracts';
import type { IdSlice } from '@tillwire/platform';
import { dayApprovedPayments, terminalRoster } from '../db/day-payments.repository';
import type { TerminalsDeps } from './terminals.deps';

/** What the terminals approved in a window for a slice of transactions, by our own command records, for the nightly reconciliation. */
export function dayPayments(deps: Pick<TerminalsDeps, 'db'>, slice: { from: string; to: string } & IdSlice): Promise<reports.DayTerminalPayments> {
  return dayApprovedPayments(deps.db, slice);
}

/** The terminals the nightly reconciliation asks for their own totals. */
export function roster(deps: Pick<TerminalsDeps, 'db'>): Promise<reports.TerminalRoster> {
  return terminalRoster(deps.db);
}
