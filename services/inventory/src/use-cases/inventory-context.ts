import type { InventoryStore } from '../db/inventory-store.repository';
import type { RetryPolicy } from '@tillwire/platform';
import type { StockAttempts } from '../domain/stock-attempts';
import type { StockMemory } from '../domain/stock-memory';
import type { StockQueue } from './stock-queue';

/** What every use case receives first: the repositories, the retry policy and the attempt tally. */
export interface InventoryContext {
  /** Keeps `memory` right on its own (see rememberingStore). */
  readonly store: InventoryStore;
  /** What this node knows of stock rows and its reservations: checkouts decide on it instead of reading. */
  readonly memory: StockMemory;
  /** This node's turns on hot stock rows, for the checkout's calls outside a transaction. */
  readonly queue: StockQueue;
  readonly retry: RetryPolicy;
  readonly attempts: StockAttempts;
  readonly sleep: (ms: number) => Promise<void>;
  /** Whether the departments service knows the department (products belong to one). */
  readonly departmentExists: (code: string) => Promise<boolean>;
  /** STORE_CURRENCY: what every price is in. */
  readonly currency: string;
}
