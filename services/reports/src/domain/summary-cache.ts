/**
 * Answers of summary reads kept for a short while (30-60 s by configuration): a day's figures move
 * only as sales arrive, and dashboards ask the same question many times a minute. One node's memory;
 * failures are not kept, and concurrent askers of one key share one query.
 *
 * The answers held add up to at most `maxRows` rows, the oldest going first (the newest answer stays
 * whatever its size). A row is a few kilobytes of small objects, and every garbage collection walks
 * what the cache holds: a cache of hundreds of whole-store answers slows every answer of the
 * process, the cached ones included.
 */
export class SummaryCache {
  private readonly entries = new Map<string, Entry>();
  private rows = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxRows = DEFAULT_MAX_ROWS,
    private readonly now: () => number = Date.now,
  ) {}

  get<V extends readonly unknown[]>(key: string, compute: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.value as Promise<V>;
    if (entry) this.remove(key, entry);
    const value = compute();
    // An answer in flight weighs one row, so that empty answers too count against the bound.
    const kept: Entry = { value, until: this.now() + this.ttlMs, rows: 1 };
    this.entries.set(key, kept);
    this.rows += kept.rows;
    value.then(
      (answer) => {
        if (this.entries.get(key) !== kept) return;
        this.rows += answer.length;
        kept.rows += answer.length;
        this.trim();
      },
      () => this.entries.get(key) === kept && this.remove(key, kept),
    );
    return value;
  }

  clear(): void {
    this.entries.clear();
    this.rows = 0;
  }

  private trim(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.until <= now) this.remove(key, entry);
    for (const [key, entry] of this.entries) {
      if (this.rows <= this.maxRows || this.entries.size === 1) return;
      this.remove(key, entry);
    }
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.rows -= entry.rows;
  }
}

/** About twenty whole-store days of 500 terminals. */
const DEFAULT_MAX_ROWS = 10_000;

interface Entry {
  readonly value: Promise<unknown>;
  readonly until: number;
  rows: number;
}
