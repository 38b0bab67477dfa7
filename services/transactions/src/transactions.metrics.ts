import { instrumentsOf } from '@tillwire/platform/telemetry';
import type { TransactionStatus } from './db/transactions.repository';

const instruments = instrumentsOf('tillwire.transactions', (meter) => ({
  statusChanges: meter.createCounter('tillwire.transaction.status_changes', {
    description: 'Transactions reaching each status, counted once per change (a second partial refund counts again)',
    unit: '{transaction}',
  }),
}));

/** A transaction moved to `status` (or was recorded, as pending): counted once per change, never on a replay. */
export function countStatusChange(status: TransactionStatus): void {
  instruments().statusChanges.add(1, { 'tillwire.transaction.status': status });
}
