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
 */
export async function allocateTransaction(
  deps: Pick<DepartmentsDeps, 'transact' | 'departments' | 'ledger' | 'allocationRule'>,
  { transactionId, terminalDepartmentCode, lines }: AllocateParams,
): Promise<{ entries: LedgerEntry[] }> {
  const plan = allocate(lines, terminalDepartmentCode, deps.allocationRule);
  if (!plan.ok) throw departmentsErrors.validationFailed(`Line ${plan.lineNo} appears twice`, { lineNo: plan.lineNo });
  const rows = plan.entries.map((entry) => ({ ...entry, sourceId: transactionId, transactionId }));

  return deps.transact(async (tx) => {
    const missing = await deps.departments.missing(tx, [...new Set(plan.entries.map((e) => e.departmentCode))]);
    if (missing.length > 0) throw departmentsErrors.unknownDepartments(missing);

    const inserted = await deps.ledger.insertNew(tx, rows);
    if (inserted === rows.length) return { entries: plan.entries };

    // Some or all lines were booked before: by a retry of this call, or by a different one.
    const existing = (await deps.ledger.ofSource(tx, transactionId, 'sale')).map(entryOf);
    if (inserted > 0 || !isSameAllocation(existing, plan.entries)) {
      // Throwing rolls back the lines this call added, leaving the first allocation as it was.
      throw departmentsErrors.invalidState(`Transaction ${transactionId} is already allocated with other lines`, {
        transactionId,
      });
    }
    return { entries: existing };
  });
}
