import type { InventoryStore } from '../db/inventory-store.repository';
import type { RetryPolicy } from '@tillwire/platform';
import type { StockAttempts } from '../domain/stock-attempts';
import type { StockQueue } from './stock-queue';

/** What every use case receives first: the repositories, the retry policy and the attempt tally. */
export interface InventoryContext {
  readonly store: InventoryStore;
  /** This node's turns on hot stock rows, for the checkout's calls outside a transaction. */
  readonly queue: StockQueue;
  readonly retry: RetryPolicy;
  readonly attempts: StockAttempts;
  readonly sleep: (ms: number) => Promise<void>;
  /** Whether the departments service knows the department (products belong to one). */
  readonly departmentExists: (code: string) => Promise<boolean>;
}
