/**
 * Callers on this node waiting for commands to settle, woken by the `commandSettled` broadcast of
 * whichever node settled them. A missed broadcast costs a poll interval, nothing more.
 */
export class CommandWaiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Settles when `settled` is heard for the command, or after `ms`; call it before reading the command. */
  signal(terminalId: string, serviceId: string, ms: number): Promise<void> {
    const key = keyOf(terminalId, serviceId);
    return new Promise((resolve) => {
      const set = this.waiting.get(key) ?? new Set();
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.waiting.get(key) === set) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.set(key, set.add(wake));
    });
  }

  settled(terminalId: string, serviceId: string): void {
    for (const wake of [...(this.waiting.get(keyOf(terminalId, serviceId)) ?? [])]) wake();
  }
}

const keyOf = (terminalId: string, serviceId: string) => `${terminalId}\u0000${serviceId}`;
