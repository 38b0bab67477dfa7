import type { StreamEvent } from './route';

export interface Subscriber {
  event(event: StreamEvent): void;
  /** The hub is closing: the subscriber ends its stream. */
  end(): void;
}

/** In-process fan-out from the broker's broadcasts to the event streams open on this node. */
export class EventHub {
  private readonly topics = new Map<string, Set<Subscriber>>();

  /** Returns the unsubscribe. */
  subscribe(topic: string, subscriber: Subscriber): () => void {
    const subscribers = this.topics.get(topic) ?? new Set();
    this.topics.set(topic, subscribers.add(subscriber));
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && this.topics.get(topic) === subscribers) this.topics.delete(topic);
    };
  }

  publish(topic: string, event: StreamEvent): void {
    for (const subscriber of this.topics.get(topic) ?? []) subscriber.event(event);
  }

  /** How many streams listen to a topic. */
  listeners(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }

  /** Ends every stream, so the HTTP server can close. */
  close(): void {
    for (const subscriber of [...this.topics.values()].flatMap((set) => [...set])) subscriber.end();
    this.topics.clear();
  }
}
