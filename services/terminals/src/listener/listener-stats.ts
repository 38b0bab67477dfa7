import { terminals } from '@tillwire/contracts';

type Rejection = terminals.ListenerRejection;

/** This node's listener counters since it started; each node counts its own connections. */
export class ListenerCounters {
  accepted = 0;
  openSessions = 0;
  /** Terminals with at least one open session (a terminal may hold several). */
  onlineTerminals = 0;
  private readonly rejected = new Map<Rejection, number>(terminals.listenerRejection.options.map((reason) => [reason, 0]));

  reject(reason: Rejection): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
  }

  rejections(): Record<Rejection, number> {
    return Object.fromEntries(this.rejected) as Record<Rejection, number>;
  }
}
