import type { reports } from '@tillwire/contracts';
import { dayApprovedPayments } from '../db/day-payments.repository';
import type { TerminalsDeps } from './terminals.deps';

/** What the terminals approved in a window by our own command records, for the nightly reconciliation. */
export function dayPayments(deps: Pick<TerminalsDeps, 'db'>, window: { from: string; to: string }): Promise<reports.DayTerminalPayments> {
  return dayApprovedPayments(deps.db, window.from, window.to);
}
