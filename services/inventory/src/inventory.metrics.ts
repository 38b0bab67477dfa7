import { instrumentsOf } from '@tillwire/platform/telemetry';
import type { AttemptOutcome } from './domain/stock-attempts';

const instruments = instrumentsOf('tillwire.inventory', (meter) => ({
  versionConflicts: meter.createCounter('tillwire.inventory.version_conflicts', {
    description:
      "Conditional stock updates that lost the race on the row's version to another writer, by how the change ended " +
      '(applied, rejected or superseded after reading again; contention: it gave up)',
    unit: '{conflict}',
  }),
  mismatches: meter.createGauge('tillwire.inventory.mismatches', {
    description: 'SKUs (per location) whose stock level differs from the sum of its movements, at the last consistency check',
    unit: '{sku}',
  }),
}));

/** Conditional stock updates of one change that lost the race on the row's version, and how the change ended. */
export function countVersionConflicts(lostRaces: number, outcome: AttemptOutcome): void {
  if (lostRaces === 0) return;
  instruments().versionConflicts.add(lostRaces, { 'tillwire.inventory.change.outcome': outcome });
}

/** What the last consistency check found: stock rows whose levels differ from their movements ledger. */
export function recordConsistencyCheck(mismatches: number): void {
  instruments().mismatches.record(mismatches);
}
