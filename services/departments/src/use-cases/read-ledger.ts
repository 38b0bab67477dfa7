import type { departments } from '@tillwire/contracts';
import type { z } from 'zod';
import { entryOf } from '../db/ledger.repository';
import type { LedgerEntry } from '../domain/allocation';
import type { DepartmentsDeps } from './departments.deps';

/** Every entry of a transaction; none (not an error) for a transaction that was never allocated. */
export async function readLedger(
  deps: Pick<DepartmentsDeps, 'db' | 'ledger'>,
  { transactionId }: z.output<typeof departments.ledgerParams>,
): Promise<{ entries: LedgerEntry[] }> {
  return { entries: (await deps.ledger.ofTransaction(deps.db, transactionId)).map(entryOf) };
}
