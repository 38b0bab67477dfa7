import { createBroker, DEAD_LETTER_QUEUE, parseConfig } from '@tillwire/platform';
import type { Context, ServiceBroker } from 'moleculer';
import { connect, type JetStreamManager, type NatsConnection, type StoredMsg } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';
import { distributedEnv, uniqueNamespace } from './distributed-env';

const MAX_RETRIES = 2;

interface Payment {
  orderId: string;
  amountMinor: number;
}

/** JetStream stream names may not contain dots; the channels adapter swaps them for underscores. */
const streamOf = (subject: string) => subject.split('.').join('_');

describe('dead-lettering on real JetStream', () => {
  const namespace = uniqueNamespace();
  const channel = uniqueName('dlq_probe');
  const attempts: Payment[] = [];
  let broker: ServiceBroker;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  // The adapter prefixes both the channel and the dead-letter queue with the broker namespace.
  const channelSubject = `${namespace}.${channel}`;
  const deadLetterSubject = `${namespace}.${DEAD_LETTER_QUEUE}`;

  beforeAll(async () => {
    broker = createBroker(parseConfig(distributedEnv(namespace, { CHANNEL_MAX_RETRIES: String(MAX_RETRIES) })), {
      role: 'dlq-test',
    });
    // Cleanup deletes the dead-letter stream, which is safe only if it is this run's own.
    expect(broker.namespace).toBe(namespace);
    broker.createService({
      name: uniqueName('dlq_consumer'),
      channels: {
        [channel]: (ctx: Context<Payment>) => {
          attempts.push(ctx.params);
          throw new Error('always fails');
        },
      },
    });
    await broker.start();
    nats = await connect({ servers: new URL(testEnvironment.natsUrl).host });
    jsm = await nats.jetstreamManager();
  });

  afterAll(async () => {
    await broker?.stop();
    for (const subject of [channelSubject, deadLetterSubject]) {
      await jsm?.streams.delete(streamOf(subject)).catch(() => undefined);
    }
    await nats?.close();
  });

  it('moves a message to the dead-letter stream after maxRetries failed deliveries', async () => {
    const payload: Payment = { orderId: uniqueName('order'), amountMinor: 1250 };
    await broker.sendToChannel(channel, payload);

    const dead: StoredMsg = await waitFor(
      () => jsm.streams.getMessage(streamOf(deadLetterSubject), { last_by_subj: deadLetterSubject }),
      15_000,
      () => `handler ran ${attempts.length} times; nothing in ${deadLetterSubject}`,
    );

    expect(dead.json()).toEqual(payload);
    expect(dead.header.get('x-original-channel')).toBe(channelSubject);
    // JetStream counts the first delivery, and the adapter dead-letters once that count reaches
    // maxRetries: the handler runs maxRetries times in all, not maxRetries + 1.
    expect(attempts).toEqual(Array.from({ length: MAX_RETRIES }, () => payload));
    const stream = await jsm.streams.info(streamOf(deadLetterSubject));
    expect(stream.state.messages).toBe(1);
  });
});
