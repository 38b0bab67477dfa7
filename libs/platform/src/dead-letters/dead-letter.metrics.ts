import type { SqlExecutor } from '../db/sql-executor';
import { instrumentsOf } from '../telemetry/meter-instruments';
import { DeadLetterRepository } from './dead-letter.repository';

/** The databases whose queue this process reports: the one its dead-letter actions serve (several only in tests). */
const queues = new Set<SqlExecutor>();
/** The durable channels of this process: reported from 0, before their first dead letter. */
const channels = new Set<string>();
const repository = new DeadLetterRepository();

const depthGauge = instrumentsOf('tillwire.platform', (meter) => {
  const gauge = meter.createObservableGauge('tillwire.dead_letter.queue.depth', {
    description: 'Dead letters waiting for an admin to replay or discard them, by channel; the whole queue, read at each scrape',
    unit: '{message}',
  });
  gauge.addCallback(async (result) => {
    let read: Array<Array<{ channel: string; waiting: number }>>;
    try {
      read = await Promise.all([...queues].map((db) => repository.waitingByChannel(db)));
    } catch {
      // A database out of reach leaves the last figures in place rather than failing the scrape.
      return;
    }
    const depth = new Map([...channels].map((channel) => [channel, 0]));
    for (const { channel, waiting } of read.flat()) depth.set(channel, (depth.get(channel) ?? 0) + waiting);
    for (const [channel, waiting] of depth) result.observe(waiting, { 'messaging.destination.name': channel });
  });
  return gauge;
});

/** Reports the dead-letter queue in `db` as `tillwire.dead_letter.queue.depth` from now on. */
export function observeDeadLetterDepth(db: SqlExecutor): void {
  queues.add(db);
  depthGauge();
}

/** A durable channel of this process, whose depth shows as 0 until it has dead letters. */
export function knowDeadLetterChannel(channel: string): void {
  channels.add(channel);
}
