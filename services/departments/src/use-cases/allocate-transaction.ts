import type { departments } from '@tillwire/contracts';
import type { z } from 'zod';
import { entryOf } from '../db/ledger.repository';
import { departmentsErrors } from '../departments.errors';
import { allocate, isSameAllocation, type LedgerEntry } from '../domain/allocation';
import type { DepartmentsDeps } from './departments.deps';

export type AllocateParams = z.output<typeof departments.allocateParams>;

/**
 * Books one sale entry per line. Idempotent by (transactionId, lineNo, sale): a repeated call writes
 * nothing and answers the entries the first call booked; a call that disagrees with them is refused.
 * On every checkout, so one statement books all lines or none, and only a repeat reads them back.
 */
export async function allocateTransaction(
  deps: Pick<DepartmentsDeps, 'db' | 'ledger' | 'allocationRule'>,
  { transactionId, terminalDepartmentCode, lines }: AllocateParams,
): Promise<{ entries: LedgerEntry[] }> {
  const plan = allocate(lines, terminalDepartmentCode, deps.allocationRule);
  if (!plan.ok) throw departmentsErrors.validationFailed(`Line ${plan.lineNo} appears twice`, { lineNo: plan.lineNo });
  const rows = plan.entries.map((entry) => ({ ...entry, sourceId: transactionId, transactionId }));

  const booking = await deps.ledger.book(deps.db, rows);
  switch (booking.outcome) {
    case 'booked':
      return { entries: plan.entries };
    case 'unknown_departments':
      throw departmentsErrors.unknownDepartments(booking.departmentCodes);
    case 'already_booked': {
      // By a retry of this call, or by a different one; this call wrote nothing either way.
      const existing = (await deps.ledger.ofSource(deps.db, transactionId, 'sale')).map(entryOf);
      if (!isSameAllocation(existing, plan.entries)) {
        throw departmentsErrors.invalidState(`Transaction ${transactionId} is already allocated with other lines`, {
          transactionId,
        });
      }
      return { entries: existing };
    }
  }
}
