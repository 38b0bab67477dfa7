/**
 * Answers of another service kept for a short while, for lookups every checkout makes of things that
 * rarely change (a terminal's binding, a product's price). The owning service broadcasts each change,
 * which evicts the key at once; the time limit bounds the cost of a broadcast that never arrived.
 * Failures (an unknown key, a service down) are not kept.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>();

  constructor(private readonly ttlMs = 10_000) {}

  get(key: string, fetch: (key: string) => Promise<V>): Promise<V> {
    return this.fresh(key) ?? this.keep(key, fetch(key));
  }

  /** Every key's value; the keys not kept are fetched together, in one call of `fetchMissing`. */
  async getMany(keys: readonly string[], fetchMissing: (keys: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const values = new Map(keys.map((key) => [key, this.fresh(key)] as const));
    const missing = keys.filter((key) => !values.get(key));
    if (missing.length > 0) {
      const fetched = fetchMissing(missing);
      for (const key of missing) {
        values.set(key, this.keep(key, fetched.then((found) => found.get(key) ?? Promise.reject(new Error(`No answer for ${key}`)))));
      }
    }
    return new Map(await Promise.all([...values].map(async ([key, value]) => [key, await value!] as const)));
  }

  evict(key: string): void {
    this.entries.delete(key);
  }

  private fresh(key: string): Promise<V> | undefined {
    const entry = this.entries.get(key);
    return entry && entry.until > Date.now() ? entry.value : undefined;
  }

  private keep(key: string, value: Promise<V>): Promise<V> {
    const entry = { value, until: Date.now() + this.ttlMs };
    this.entries.set(key, entry);
    value.catch(() => this.entries.get(key) === entry && this.entries.delete(key));
    return value;
  }
}
