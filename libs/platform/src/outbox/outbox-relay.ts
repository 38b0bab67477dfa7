import type { SqlExecutor } from '../db/sql-executor';
import { OutboxRepository } from './outbox.repository';

/** What the relay needs of a broker with the channels middleware. */
export interface ChannelSender {
  sendToChannel(channel: string, payload: unknown, options?: { headers?: Record<string, string> }): Promise<void>;
}

export interface OutboxRelayOptions {
  intervalMs?: number;
  batchSize?: number;
  onError?(error: unknown): void;
}

/**
 * Moves outbox events to durable channels: each batch is locked, sent, and marked published in
 * one database transaction, so an event is delivered at least once and never lost; a crash before
 * the commit sends it again, which is why every consumer is idempotent.
 */
export class OutboxRelay {
  private readonly repository = new OutboxRepository();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: SqlExecutor,
    private readonly channels: ChannelSender,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    const tick = () => {
      this.running ??= this.drain()
        .catch((error: unknown) => {
          this.options.onError?.(error);
          return 0;
        })
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, this.options.intervalMs ?? 200);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Relays until the outbox is empty; returns how many events were sent. */
  async drain(): Promise<number> {
    const batchSize = this.options.batchSize ?? 100;
    let sent = 0;
    for (;;) {
      const batch = await this.db.transaction(async (tx) => {
        const events = await this.repository.lockPending(tx, batchSize);
        for (const event of events) {
          // The change's trace context goes with the event, so its consumers join that trace.
          await this.channels.sendToChannel(event.channel, event.payload, { headers: { ...event.headers, ...event.traceContext } });
        }
        if (events.length > 0) await this.repository.markPublished(tx, events.map((e) => e.id));
        return events.length;
      });
      sent += batch;
      // A short batch took all there was: the next tick looks again, without an empty round trip now.
      if (batch < batchSize) return sent;
    }
  }

  pending(): Promise<number> {
    return this.repository.countPending(this.db);
  }
}
