import { deadLetters } from '@tillwire/contracts';
import {
  createBroker,
  DEAD_LETTER_QUEUE,
  deadLetterActions,
  deadLetterSink,
  DeadLetterRepository,
  durableChannel,
  parseConfig,
  REPLAY_OF_HEADER,
  type DeadLetterRecord,
} from '@tillwire/platform';
import type { Context, ServiceBroker } from 'moleculer';
import { connect, type JetStreamManager, type NatsConnection, type StoredMsg } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { createTestDatabase, testEnvironment, uniqueName, type TestDatabase } from '../../libs/platform/src/testing/index';
import { distributedEnv, uniqueNamespace } from './distributed-env';

/**
 * Durable channels on real JetStream and PostgreSQL: failed deliveries come back after growing NAK
 * delays, the last one's message lands in platform.dead_letters, and a replay delivers it once. The
 * adapter's own dead-letter stream takes a message only when it could not be recorded.
 */

const MAX_RETRIES = 3;
const BASE_MS = 150;
/** The largest draw Math.random can make: each delay is its ceiling, so the gaps are predictable. */
const HIGHEST = 1 - Number.EPSILON;
const A = deadLetters.DeadLettersActions;

interface Payment {
  orderId: string;
  amountMinor: number;
}

/** JetStream stream names may not contain dots; the channels adapter swaps them for underscores. */
const streamOf = (subject: string) => subject.split('.').join('_');

describe('dead letters on real JetStream', () => {
  const namespace = uniqueNamespace();
  const channel = uniqueName('dlq_probe');
  const unrecorded = uniqueName('dlq_unrecorded');
  const deliveries: { at: number; params: Payment }[] = [];
  const unrecordedDeliveries: Payment[] = [];
  let failing = true;
  let database: TestDatabase;
  let broker: ServiceBroker;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  const repository = new DeadLetterRepository();
  // The adapter prefixes both the channels and the dead-letter queue with the broker namespace.
  const deadLetterSubject = `${namespace}.${DEAD_LETTER_QUEUE}`;

  beforeAll(async () => {
    database = await createTestDatabase('tw_dlq');
    const config = parseConfig(
      distributedEnv(namespace, { CHANNEL_MAX_RETRIES: String(MAX_RETRIES), CHANNEL_RETRY_BASE_MS: String(BASE_MS) }),
    );
    broker = createBroker(config, { role: 'dlq-test' });
    // Cleanup deletes the dead-letter stream, which is safe only if it is this run's own.
    expect(broker.namespace).toBe(namespace);
    const retry = { ...config.channels, random: () => HIGHEST };
    broker.createService({
      name: uniqueName('dlq_consumer'),
      channels: {
        [channel]: durableChannel<Payment>({
          channel,
          deadLetters: deadLetterSink(database.db.sql),
          retry,
          async handler(ctx: Context<Payment>) {
            deliveries.push({ at: performance.now(), params: ctx.params });
            if (failing) throw new Error(`Terminal refused order ${ctx.params.orderId}`);
          },
        }),
        [unrecorded]: durableChannel<Payment>({
          channel: unrecorded,
          deadLetters: { record: () => Promise.reject(new Error('database down')) },
          retry,
          async handler(ctx: Context<Payment>) {
            unrecordedDeliveries.push(ctx.params);
            throw new Error('always fails');
          },
        }),
      },
    });
    // The admin actions, under the names the terminals service serves them with.
    broker.createService({ name: 'terminals', actions: deadLetterActions({ db: database.db.sql }) });
    await broker.start();
    nats = await connect({ servers: new URL(testEnvironment.natsUrl).host });
    jsm = await nats.jetstreamManager();
  });

  afterAll(async () => {
    await broker?.stop();
    for (const subject of [`${namespace}.${channel}`, `${namespace}.${unrecorded}`, deadLetterSubject]) {
      await jsm?.streams.delete(streamOf(subject)).catch(() => undefined);
    }
    await nats?.close();
    await database?.drop();
  });

  const send = (name: string, payload: Payment) =>
    (broker as unknown as { sendToChannel(c: string, p: unknown): Promise<void> }).sendToChannel(name, payload);
  const call = <T>(action: string, params: object) => broker.call<T, object>(action, params);
  const typeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: { type?: string }) => error.type,
    );

  it('retries with growing delays, records the dead letter after the last retry, and a replay delivers it once', async () => {
    const payload: Payment = { orderId: uniqueName('order'), amountMinor: 1250 };
    const sentAt = Date.now();
    await send(channel, payload);

    const letter = await waitFor(
      async () => (await repository.list(database.db.sql, { channel, limit: 10 }))[0],
      15_000,
      () => `handler ran ${deliveries.length} times; no dead letter`,
    );

    // JetStream counts the first delivery: the handler runs MAX_RETRIES times in all.
    expect(deliveries.map((d) => d.params)).toEqual([payload, payload, payload]);
    const [gap1, gap2] = [deliveries[1]!.at - deliveries[0]!.at, deliveries[2]!.at - deliveries[1]!.at];
    // NAK delays of 150 and 300 ms (the ceilings: jitter drawn at its top); JetStream never redelivers early.
    expect(gap1).toBeGreaterThanOrEqual(BASE_MS - 5);
    expect(gap2).toBeGreaterThanOrEqual(2 * BASE_MS - 5);
    expect(gap2).toBeGreaterThan(gap1);
    expect(letter).toMatchObject<Partial<DeadLetterRecord>>({
      channel,
      payload,
      reason: `Terminal refused order ${payload.orderId}`,
      attempts: MAX_RETRIES,
      status: 'dead',
      resolvedAt: null,
    });
    expect(letter.firstFailedAt.getTime()).toBeGreaterThanOrEqual(sentAt - 1_000);
    expect(letter.firstFailedAt.getTime()).toBeLessThanOrEqual(letter.deadAt.getTime());

    const listed = await call<{ deadLetters: deadLetters.DeadLetter[] }>(A.list, { status: 'dead', channel });
    expect(listed.deadLetters).toEqual([expect.objectContaining({ id: letter.id, reason: letter.reason, attempts: MAX_RETRIES })]);

    // Concurrent replays of one letter: one sends, the others find it replayed already.
    failing = false;
    const outcomes = await Promise.all([1, 2, 3].map(() => typeOf(call(A.replay, { id: letter.id }))));
    expect(outcomes.sort()).toEqual(['invalid_state', 'invalid_state', 'resolved']);
    await waitFor(async () => (deliveries.length === MAX_RETRIES + 1 ? true : undefined), 10_000);
    expect(deliveries[MAX_RETRIES]!.params).toEqual(payload);

    expect(await typeOf(call(A.replay, { id: letter.id }))).toBe('invalid_state');
    expect(await repository.find(database.db.sql, letter.id)).toMatchObject({ status: 'replayed' });
    // Exactly once: nothing else arrives, and the replay did not fail into a new dead letter.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(deliveries).toHaveLength(MAX_RETRIES + 1);
    expect(await repository.list(database.db.sql, { channel, limit: 10 })).toHaveLength(1);
  });

  it('discards only with a reason, which stays with the letter', async () => {
    const id = await repository.insert(database.db.sql, {
      channel,
      payload: { orderId: 'o-discard', amountMinor: 1 },
      headers: { [REPLAY_OF_HEADER]: 'none' },
      reason: 'boom',
      attempts: MAX_RETRIES,
      firstFailedAt: new Date(),
    });
    expect(await typeOf(call(A.discard, { id }))).toBe('validation_failed');
    expect(await typeOf(call(A.discard, { id, reason: '  ' }))).toBe('validation_failed');
    expect(await typeOf(call(A.discard, { id, reason: 'x'.repeat(201) }))).toBe('validation_failed');
    expect(await typeOf(call(A.discard, { id: crypto.randomUUID(), reason: 'gone' }))).toBe('not_found');

    const discarded = await call<deadLetters.DeadLetter>(A.discard, { id, reason: 'Duplicate of a settled order' });
    expect(discarded).toMatchObject({ id, status: 'discarded', resolutionReason: 'Duplicate of a settled order' });
    expect(deadLetters.deadLetter.parse(discarded).resolvedAt).not.toBeNull();
    expect(await typeOf(call(A.discard, { id, reason: 'again' }))).toBe('invalid_state');
    expect(await typeOf(call(A.replay, { id }))).toBe('invalid_state');
    const { deadLetters: listed } = await call<{ deadLetters: deadLetters.DeadLetter[] }>(A.list, { status: 'discarded' });
    expect(listed.map((l) => l.id)).toEqual([id]);
  });

  it('leaves a message it cannot record to the adapter, which moves it to the JetStream dead-letter stream', async () => {
    const payload: Payment = { orderId: uniqueName('order'), amountMinor: 990 };
    await send(unrecorded, payload);

    const dead: StoredMsg = await waitFor(
      () => jsm.streams.getMessage(streamOf(deadLetterSubject), { last_by_subj: deadLetterSubject }),
      15_000,
      () => `handler ran ${unrecordedDeliveries.length} times; nothing in ${deadLetterSubject}`,
    );
    expect(dead.json()).toEqual(payload);
    expect(dead.header.get('x-original-channel')).toBe(`${namespace}.${unrecorded}`);
    expect(unrecordedDeliveries).toEqual([payload, payload, payload]);
    expect(await repository.list(database.db.sql, { channel: unrecorded, limit: 10 })).toEqual([]);
  });
});
