import type { departments } from '@tillwire/contracts';
import type { z } from 'zod';
import { entryOf } from '../db/ledger.repository';
import { departmentsErrors } from '../departments.errors';
import type { LedgerEntry } from '../domain/allocation';
import { reversalOf } from '../domain/reversal';
import type { DepartmentsDeps } from './departments.deps';

/**
 * The saga's compensation of `allocate`: reversal entries cancelling each sale entry. A no-op when
 * nothing was allocated; a repeated call answers the reversal already booked.
 */
export async function unallocateTransaction(
  deps: Pick<DepartmentsDeps, 'transact' | 'ledger'>,
  { transactionId }: z.output<typeof departments.unallocateParams>,
): Promise<{ entries: LedgerEntry[] }> {
  return deps.transact(async (tx) => {
    await deps.ledger.lockSales(tx, transactionId);
    const entries = (await deps.ledger.ofTransaction(tx, transactionId)).map(entryOf);
    const reversals = entries.filter((e) => e.kind === 'reversal');
    if (reversals.length > 0) return { entries: reversals };
    if (entries.some((e) => e.kind === 'refund')) {
      // Reversing a refunded sale in full would take the refunded part off the department twice.
      throw departmentsErrors.invalidState(`Transaction ${transactionId} has refunds and cannot be reversed`, {
        transactionId,
      });
    }
    const planned = reversalOf(entries);
    if (planned.length > 0) {
      await deps.ledger.insertNew(tx, planned.map((e) => ({ ...e, sourceId: transactionId, transactionId })));
    }
    return { entries: planned };
  });
}
