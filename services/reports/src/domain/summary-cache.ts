/**
 * Answers of summary reads kept for a short while (30-60 s by configuration): a day's figures move
 * only as sales arrive, and dashboards ask the same question many times a minute. One node's memory;
 * failures are not kept, and concurrent askers of one key share one query.
 */
export class SummaryCache {
  private readonly entries = new Map<string, { value: Promise<unknown>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  get<V>(key: string, compute: () => Promise<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry && entry.until > this.now()) return entry.value as Promise<V>;
    if (this.entries.size >= this.maxEntries) this.evictExpired();
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = compute();
    const kept = { value, until: this.now() + this.ttlMs };
    this.entries.set(key, kept);
    value.catch(() => this.entries.get(key) === kept && this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  private evictExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
  }
}
