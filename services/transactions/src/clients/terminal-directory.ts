import type { terminals } from '@tillwire/contracts';

/**
 * Terminals as pricing needs them (department, location), kept for a short while: every checkout
 * asks, and a terminal changes rarely. The terminals service broadcasts each change, which evicts
 * the terminal at once; the time limit bounds the cost of a broadcast that never arrived.
 */
export class TerminalDirectory {
  private readonly cached = new Map<string, { terminal: Promise<terminals.Terminal>; until: number }>();

  constructor(
    private readonly fetch: (id: string) => Promise<terminals.Terminal>,
    private readonly ttlMs = 10_000,
  ) {}

  get(id: string): Promise<terminals.Terminal> {
    const hit = this.cached.get(id);
    if (hit && hit.until > Date.now()) return hit.terminal;
    const entry = { terminal: this.fetch(id), until: Date.now() + this.ttlMs };
    this.cached.set(id, entry);
    // An unknown terminal or a failed call is asked again next time.
    entry.terminal.catch(() => this.cached.get(id) === entry && this.cached.delete(id));
    return entry.terminal;
  }

  evict(id: string): void {
    this.cached.delete(id);
  }
}
