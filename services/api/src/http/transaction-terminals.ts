import { transactions } from '@tillwire/contracts';
import type { RouteContext } from './route';

const DEFAULT_CAPACITY = 10_000;

/**
 * The terminal of each transaction this edge created or looked up. A transaction never changes
 * terminal, so a session's terminal check on its completion, cancellation or refund needs no call
 * for a sale this edge has seen; the most recently used are kept, up to `capacity`.
 */
export class TransactionTerminals {
  private readonly terminals = new Map<string, string>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  remember(transactionId: string, terminalId: string): void {
    this.terminals.delete(transactionId);
    this.terminals.set(transactionId, terminalId);
    if (this.terminals.size > this.capacity) this.terminals.delete(this.terminals.keys().next().value!);
  }

  /** The transaction's terminal, asking `lookup` (and remembering its answer) when it is not kept. */
  async of(transactionId: string, lookup: () => Promise<string>): Promise<string> {
    const kept = this.terminals.get(transactionId);
    const terminalId = kept ?? (await lookup());
    this.remember(transactionId, terminalId);
    return terminalId;
  }
}

/** The terminal a transaction was made on: a terminal session acts on its own transactions only. */
export const transactionTerminal = ({ path }: { path: Record<string, string> }, ctx: RouteContext): Promise<string> =>
  ctx.transactionTerminals.of(path.id!, async () =>
    (await ctx.call<transactions.TransactionView>(transactions.TransactionsActions.get, { id: path.id })).terminalId,
  );
