/**
 * Runs stock work one call at a time per stock row on this node, in arrival order. Optimistic writers
 * racing for one hot row mostly lose to each other, and each lost race costs a statement and a backoff;
 * queued, they only race writers elsewhere (other nodes, receipts, the sweeper). A call on several rows
 * takes its place on all of them at once, so no two calls ever wait for each other.
 */
export class StockQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** `waited` tells `work` whether another call on one of its rows went first, so what it read before may be stale. */
  async run<T>(keys: readonly string[], work: (waited: boolean) => Promise<T>): Promise<T> {
    const rows = [...new Set(keys)];
    const ahead = rows.flatMap((key) => this.tails.get(key) ?? []);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const key of rows) this.tails.set(key, done);
    try {
      await Promise.all(ahead);
      return await work(ahead.length > 0);
    } finally {
      release();
      for (const key of rows) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }
}
