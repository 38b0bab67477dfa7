/** `superseded`: after lost races, another writer had already done the work (e.g. released the same reservations). */
export type AttemptOutcome = 'applied' | 'rejected' | 'contention' | 'superseded';

export interface StockAttemptsSnapshot {
  /** Conditional updates issued per applied change → how many changes needed that many. */
  readonly appliedByAttempts: Readonly<Record<number, number>>;
  /** Updates that lost a race to another writer and were retried. */
  readonly conflicts: number;
  /** Changes refused by a business rule (e.g. insufficient stock), possibly after conflicts. */
  readonly rejected: number;
  /** Changes that ran out of attempts. */
  readonly contention: number;
}

/** In-memory tally of optimistic-lock attempts: the "reservation conflicts" metric. */
export class StockAttempts {
  private readonly applied = new Map<number, number>();
  private conflicts = 0;
  private rejected = 0;
  private contention = 0;

  record(updates: number, lostRaces: number, outcome: AttemptOutcome): void {
    this.conflicts += lostRaces;
    if (outcome === 'applied') this.applied.set(updates, (this.applied.get(updates) ?? 0) + 1);
    else if (outcome === 'rejected') this.rejected += 1;
    else if (outcome === 'contention') this.contention += 1;
  }

  snapshot(): StockAttemptsSnapshot {
    return {
      appliedByAttempts: Object.fromEntries([...this.applied].sort(([a], [b]) => a - b)),
      conflicts: this.conflicts,
      rejected: this.rejected,
      contention: this.contention,
    };
  }
}
