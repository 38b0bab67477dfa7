import type { Context, ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBroker } from '../broker/create-broker';
import { parseConfig } from '../config/config';
import { openPglite, type Database } from '../db/database';
import { applyMigrations, readMigrations } from '../db/migrations';
import { CommonErrorCode, DomainError, type ErrorStatus } from '../errors/domain-error';
import { MIGRATIONS_DIR } from '../runner/workspace';
import { DeadLetterRepository } from './dead-letter.repository';
import { discardDeadLetter, replayDeadLetter, REPLAY_OF_HEADER } from './dead-letter.use-cases';
import { deadLetterSink, durableChannel } from './durable-channel';

/**
 * Embedded mode: the in-process channels adapter, which never redelivers, and PGlite. The wrapper
 * retries in process with growing delays, then records the dead letter; replay sends it once.
 */

const BASE_MS = 40;
/** The largest draw Math.random can make: each delay is its ceiling, so the gaps are predictable. */
const HIGHEST = 1 - Number.EPSILON;

class StockError extends DomainError<'insufficient_stock'> {
  readonly status: ErrorStatus = 422;
}

interface Probe {
  orderId: string;
}

let db: Database;
let broker: ServiceBroker;
const repository = new DeadLetterRepository();
const calls: Record<string, { at: number; params: Probe }[]> = {};
/** Per channel: how many of the next calls fail (Infinity: all). */
const failuresLeft: Record<string, number> = {};

function channel(name: string, sink = deadLetterSink(db.sql)) {
  calls[name] = [];
  return durableChannel<Probe>({
    channel: name,
    deadLetters: sink,
    retry: { ...parseConfig({ CHANNEL_MAX_RETRIES: '3', CHANNEL_RETRY_BASE_MS: String(BASE_MS) }).channels, random: () => HIGHEST },
    async handler(ctx: Context<Probe>) {
      calls[name]!.push({ at: performance.now(), params: ctx.params });
      if ((failuresLeft[name] ?? 0) > 0) {
        failuresLeft[name]! -= 1;
        throw new StockError('insufficient_stock', `No stock for ${ctx.params.orderId}`);
      }
    },
  });
}

const failing = { record: () => Promise.reject(new Error('database down')) };

beforeAll(async () => {
  db = await openPglite(undefined);
  await applyMigrations(db.sql, await readMigrations(MIGRATIONS_DIR), { serverLock: false });
  broker = createBroker(parseConfig({ LOG_LEVEL: 'error' }), { role: 'durable-channel-test' });
  broker.createService({
    name: 'durable_probe',
    channels: {
      'probe.dies': channel('probe.dies'),
      'probe.recovers': channel('probe.recovers'),
      'probe.unrecorded': channel('probe.unrecorded', failing),
    },
  });
  await broker.start();
});

afterAll(async () => {
  await broker?.stop();
  await db?.close();
});

const send = (name: string, payload: Probe, headers: Record<string, string> = {}) =>
  (broker as unknown as { sendToChannel(c: string, p: unknown, o: object): Promise<void> }).sendToChannel(name, payload, { headers });

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('durableChannel on the in-process adapter', () => {
  it('retries with growing delays, then records the dead letter with the last failure; a replay delivers it once', async () => {
    failuresLeft['probe.dies'] = Infinity;
    await send('probe.dies', { orderId: 'o-1' }, { 'x-probe': 'a' });
    const [letter] = await eventually(async () => {
      const rows = await repository.list(db.sql, { channel: 'probe.dies', limit: 10 });
      return rows.length > 0 ? rows : undefined;
    });

    const attempts = calls['probe.dies']!;
    expect(attempts.map((c) => c.params)).toEqual([{ orderId: 'o-1' }, { orderId: 'o-1' }, { orderId: 'o-1' }]);
    const [gap1, gap2] = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
    // Ceilings 40 and 80 ms, drawn at their top; timers fire late, never early (1 ms of rounding).
    expect(gap1).toBeGreaterThanOrEqual(BASE_MS - 1);
    expect(gap2).toBeGreaterThanOrEqual(2 * BASE_MS - 1);
    expect(gap2).toBeGreaterThan(gap1);
    expect(letter).toMatchObject({
      channel: 'probe.dies',
      payload: { orderId: 'o-1' },
      headers: { 'x-probe': 'a' },
      reason: 'insufficient_stock: No stock for o-1',
      attempts: 3,
      status: 'dead',
      resolvedAt: null,
    });
    expect(letter!.firstFailedAt.getTime()).toBeLessThanOrEqual(letter!.deadAt.getTime());

    failuresLeft['probe.dies'] = 0;
    // The real broker sends; the spy only counts.
    const sent = vi.fn((name: string, payload: unknown, options?: { headers?: Record<string, string> }) =>
      send(name, payload as Probe, options?.headers),
    );
    const replayed = await replayDeadLetter({ db: db.sql, channels: { sendToChannel: sent } }, letter!.id);
    expect(replayed).toMatchObject({ ok: true, value: { id: letter!.id, status: 'replayed' } });
    await eventually(() => (attempts.length === 4 ? true : undefined));
    expect(sent).toHaveBeenCalledOnce();
    expect(sent).toHaveBeenCalledWith('probe.dies', { orderId: 'o-1' }, { headers: { 'x-probe': 'a', [REPLAY_OF_HEADER]: letter!.id } });
    expect(attempts[3]).toMatchObject({ params: { orderId: 'o-1' } });

    const again = await replayDeadLetter({ db: db.sql, channels: { sendToChannel: sent } }, letter!.id);
    expect(again).toEqual({ ok: false, failure: { code: CommonErrorCode.InvalidState, id: letter!.id, status: 'replayed' } });
    expect(await discardDeadLetter({ db: db.sql }, letter!.id, 'late')).toMatchObject({ ok: false, failure: { code: 'invalid_state' } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toHaveLength(4);
  });

  it('records nothing when a retry succeeds', async () => {
    failuresLeft['probe.recovers'] = 2;
    await send('probe.recovers', { orderId: 'o-2' });
    await eventually(() => (calls['probe.recovers']!.length === 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await repository.list(db.sql, { channel: 'probe.recovers', limit: 10 })).toEqual([]);
  });

  it('does not swallow the failure when the dead letter cannot be recorded: it is logged with the message', async () => {
    const logged = vi.spyOn(broker.logger, 'error');
    failuresLeft['probe.unrecorded'] = Infinity;
    await send('probe.unrecorded', { orderId: 'o-3' });
    const [message, details] = await eventually(() =>
      logged.mock.calls.find(([text]) => String(text).startsWith('Channel probe.unrecorded: could not record')),
    );
    expect(calls['probe.unrecorded']).toHaveLength(3);
    expect(message).toContain('insufficient_stock: No stock for o-3');
    expect(details).toMatchObject({ payload: { orderId: 'o-3' } });
  });

  it('keeps the reason of a discard, and refuses to replay what was discarded', async () => {
    const id = await repository.insert(db.sql, {
      channel: 'probe.dies',
      payload: [1, 2],
      headers: {},
      reason: 'boom',
      attempts: 3,
      firstFailedAt: new Date(),
    });
    const discarded = await discardDeadLetter({ db: db.sql }, id, 'duplicate of o-1');
    expect(discarded).toMatchObject({ ok: true, value: { status: 'discarded', resolutionReason: 'duplicate of o-1', payload: [1, 2] } });
    const sent = vi.fn(async () => undefined);
    expect(await replayDeadLetter({ db: db.sql, channels: { sendToChannel: sent } }, id)).toMatchObject({
      ok: false,
      failure: { code: 'invalid_state', status: 'discarded' },
    });
    expect(sent).not.toHaveBeenCalled();
  });

  it('leaves the letter dead when the replay cannot be sent', async () => {
    const letter = { channel: 'probe.dies', payload: {}, headers: {}, reason: 'boom', attempts: 3, firstFailedAt: new Date() };
    const id = await repository.insert(db.sql, letter);
    const down = { sendToChannel: () => Promise.reject(new Error('NATS down')) };
    await expect(replayDeadLetter({ db: db.sql, channels: down }, id)).rejects.toThrow('NATS down');
    expect(await repository.find(db.sql, id)).toMatchObject({ status: 'dead', resolvedAt: null });
  });
});
