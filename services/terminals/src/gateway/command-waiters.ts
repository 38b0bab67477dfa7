import type { StoredCommand } from '../db/commands.repository';

/** A settled command as the `commandSettled` broadcast carries it. */
export type SettledCommand = Pick<StoredCommand, 'terminalId' | 'serviceId' | 'reply' | 'failure'> & {
  readonly state: 'answered' | 'failed';
};

/** One caller's ear for one command: what it heard since it started listening. */
export interface CommandListener {
  /** The settlement once heard (at once when it already was), or undefined after `ms`. */
  next(ms: number): Promise<SettledCommand | undefined>;
  stop(): void;
}

/**
 * Callers on this node waiting for commands to settle, told by the `commandSettled` broadcast of
 * whichever node settled them. A caller listens before it sends or reads, so it cannot miss the
 * broadcast; a lost broadcast costs a poll interval, nothing more.
 */
export class CommandWaiters {
  private readonly listening = new Map<string, Set<(settled: SettledCommand) => void>>();

  listen(terminalId: string, serviceId: string): CommandListener {
    const key = keyOf(terminalId, serviceId);
    let heard: SettledCommand | undefined;
    let wake: (() => void) | undefined;
    const hear = (settled: SettledCommand) => {
      heard = settled;
      wake?.();
    };
    const set = this.listening.get(key) ?? new Set();
    this.listening.set(key, set.add(hear));
    return {
      next: (ms) =>
        heard
          ? Promise.resolve(heard)
          : new Promise((resolve) => {
              const timer = setTimeout(() => done(), ms);
              const done = () => {
                clearTimeout(timer);
                wake = undefined;
                resolve(heard);
              };
              wake = done;
            }),
      stop: () => {
        set.delete(hear);
        if (set.size === 0 && this.listening.get(key) === set) this.listening.delete(key);
      },
    };
  }

  settled(settled: SettledCommand): void {
    for (const hear of [...(this.listening.get(keyOf(settled.terminalId, settled.serviceId)) ?? [])]) hear(settled);
  }
}

const keyOf = (terminalId: string, serviceId: string) => `${terminalId}\u0000${serviceId}`;
