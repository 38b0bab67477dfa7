import type { ReservationRow } from './reservation';
import { applied, stockKey, type StockKey, type StockRow, type VersionedChange } from './stock';

/** A reservation as this node made it; active as far as this node knows. */
export type HeldReservation = Omit<ReservationRow, 'status'>;

/**
 * Rows: every row a node's checkouts keep hot (a store's catalogue at its locations), about 2 MiB when
 * full. Transactions: those between their reserve and their commit on a busy node (10 a second, paid
 * within 3 minutes), about 5 MiB of 3-line carts when full; an older one's commit reads its claim.
 */
export const STOCK_MEMORY_LIMITS = Object.freeze({ rows: 10_000, transactions: 2_000 });

/**
 * What this node knows of stock rows (each as of a version it read or wrote) and of the reservations
 * it made, so that a checkout can decide without reading them first. A hint, never the truth: a write
 * decided on it applies only while its rows still read as remembered, and a write that lost or a
 * refusal goes back to the database. The least recently used entries are forgotten first.
 */
export class StockMemory {
  private readonly rows: RecentMap<StockRow>;
  private readonly holds: RecentMap<readonly HeldReservation[]>;

  constructor(limits: { rows: number; transactions: number } = STOCK_MEMORY_LIMITS) {
    this.rows = new RecentMap(limits.rows);
    this.holds = new RecentMap(limits.transactions);
  }

  /** The rows at `keys`, in that order, when every one is known; otherwise undefined. */
  recall(keys: readonly StockKey[]): StockRow[] | undefined {
    const rows: StockRow[] = [];
    for (const key of keys) {
      const row = this.rows.get(stockKey(key.sku, key.locationCode));
      if (!row) return undefined;
      rows.push(row);
    }
    return rows;
  }

  /** Rows as read, committed; a read that raced one of this node's writes does not undo what it knows. */
  remember(rows: readonly StockRow[]): void {
    for (const row of rows) {
      const key = stockKey(row.sku, row.locationCode);
      const known = this.rows.get(key);
      if (!known || known.version <= row.version) this.rows.set(key, row);
    }
  }

  /** Changes this node wrote and saw committed: each row reads as its change left it. */
  applied(changes: readonly VersionedChange[]): void {
    for (const change of changes) {
      const { sku, locationCode, version, onHand, reserved } = change;
      this.rows.set(stockKey(sku, locationCode), applied({ sku, locationCode, version, onHand, reserved }, change));
    }
  }

  forget(keys: readonly StockKey[]): void {
    for (const key of keys) this.rows.delete(stockKey(key.sku, key.locationCode));
  }

  /** Every location's row of a SKU. */
  forgetSku(sku: string): void {
    this.rows.deleteWhere((row) => row.sku === sku);
  }

  /** The reservations a transaction made here, kept until they are settled. */
  hold(transactionId: string, reservations: readonly HeldReservation[]): void {
    this.holds.set(transactionId, reservations);
  }

  held(transactionId: string): readonly HeldReservation[] | undefined {
    return this.holds.get(transactionId);
  }

  /** The transactions' reservations are settled, or may have been. */
  settled(transactionIds: Iterable<string>): void {
    for (const transactionId of transactionIds) this.holds.delete(transactionId);
  }
}

/** At most `limit` entries; setting one more drops the least recently used (a Map iterates in insertion order). */
class RecentMap<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) this.touch(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.touch(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(test: (value: V) => boolean): void {
    for (const [key, value] of this.entries) if (test(value)) this.entries.delete(key);
  }

  private touch(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
  }
}
