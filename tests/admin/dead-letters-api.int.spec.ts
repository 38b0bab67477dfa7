import { randomUUID } from 'node:crypto';
import type { deadLetters } from '@tillwire/contracts';
import { deadLetterActions, deadLetterSink, DeadLetterRepository, durableChannel, parseConfig } from '@tillwire/platform';
import type { Context } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, testAccessToken, type TestNode } from '../../libs/platform/src/testing/index';

const ADMIN_TOKEN = testAccessToken({ roles: ['admin'] });
import { freePort, waitFor } from '../support/processes';

/**
 * GET /admin/dlq, POST /admin/dlq/{id}/replay and /discard over HTTP, on an embedded node (in-process
 * channels, PostgreSQL): a channel message that failed every delivery is listed, replayed once, and
 * refused a second time; a discard needs its reason.
 */

const CHANNEL = 'probe.dlq_api';
const ENV = { CHANNEL_MAX_RETRIES: '2', CHANNEL_RETRY_BASE_MS: '10' };

interface HttpResult<T> {
  status: number;
  body: T;
  text: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}
type Letter = deadLetters.DeadLetter;

let node: TestNode;
let base: string;
let failing = true;
const received: unknown[] = [];

beforeAll(async () => {
  const port = await freePort();
  node = await startTestNode(['api'], { API_PORT: String(port), ...ENV });
  base = `http://127.0.0.1:${port}`;
  const { broker } = node;
  const db = node.database.db.sql;
  // The terminals service hosts the dead-letter actions; this node serves just them under its name.
  broker.createService({ name: 'terminals', actions: deadLetterActions({ db }) });
  broker.createService({
    name: 'dlq_api_consumer',
    channels: {
      [CHANNEL]: durableChannel<{ orderId: string }>({
        channel: CHANNEL,
        deadLetters: deadLetterSink(db),
        retry: parseConfig(ENV).channels,
        async handler(ctx: Context<{ orderId: string }>) {
          received.push(ctx.params);
          if (failing) throw new Error(`Order ${ctx.params.orderId} cannot be booked`);
        },
      }),
    },
  });
  await broker.waitForServices(['terminals', 'dlq_api_consumer']);
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, key: string | null = randomUUID()): Promise<HttpResult<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(method === 'POST' && key !== null ? { 'Idempotency-Key': key } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: (text ? JSON.parse(text) : {}) as T };
}

function expectError(result: HttpResult<unknown>, status: number, code: string) {
  expect(result.status, result.text).toBe(status);
  expect((result.body as ErrorBody).error.code, result.text).toBe(code);
}

describe('the dead-letter queue over HTTP', () => {
  let letter: Letter;

  it('lists a message that failed every delivery with its reason and attempts', async () => {
    await (node.broker as unknown as { sendToChannel(c: string, p: unknown): Promise<void> }).sendToChannel(CHANNEL, { orderId: 'A-1' });
    const listed = await waitFor(async () => {
      const result = await request<{ deadLetters: Letter[] }>('GET', `/admin/dlq?status=dead&channel=${CHANNEL}`);
      return result.body.deadLetters?.length ? result : undefined;
    }, 10_000);
    expect(listed.status).toBe(200);
    letter = listed.body.deadLetters[0]!;
    expect(letter).toMatchObject({
      channel: CHANNEL,
      payload: { orderId: 'A-1' },
      reason: 'Order A-1 cannot be booked',
      attempts: 2,
      status: 'dead',
      resolvedAt: null,
      resolutionReason: null,
    });
    expect(received).toHaveLength(2);
    expect((await request<{ deadLetters: Letter[] }>('GET', '/admin/dlq?channel=other.channel&limit=5')).body).toEqual({ deadLetters: [] });
  });

  it('answers 400 for a bad filter', async () => {
    expectError(await request('GET', '/admin/dlq?limit=0'), 400, 'validation_failed');
    expectError(await request('GET', '/admin/dlq?limit=ten'), 400, 'validation_failed');
    expectError(await request('GET', '/admin/dlq?status=lost'), 400, 'validation_failed');
  });

  it('replays a dead letter once; the same key answers the same, another key is 409 invalid_state', async () => {
    failing = false;
    expectError(await request('POST', `/admin/dlq/${letter.id}/replay`, {}, null), 400, 'validation_failed');
    const key = randomUUID();
    const replayed = await request<Letter>('POST', `/admin/dlq/${letter.id}/replay`, {}, key);
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.body).toMatchObject({ id: letter.id, status: 'replayed', payload: { orderId: 'A-1' } });
    await waitFor(async () => (received.length === 3 ? true : undefined), 5_000);

    const again = await request<Letter>('POST', `/admin/dlq/${letter.id}/replay`, {}, key);
    expect([again.status, again.text]).toEqual([200, replayed.text]);
    expectError(await request('POST', `/admin/dlq/${letter.id}/replay`, {}), 409, 'invalid_state');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toEqual([{ orderId: 'A-1' }, { orderId: 'A-1' }, { orderId: 'A-1' }]);
  });

  it('answers 404 for an unknown letter and 400 for a malformed id', async () => {
    expectError(await request('POST', `/admin/dlq/${randomUUID()}/replay`, {}), 404, 'not_found');
    expectError(await request('POST', `/admin/dlq/${randomUUID()}/discard`, { reason: 'gone' }), 404, 'not_found');
    expectError(await request('POST', '/admin/dlq/not-a-uuid/replay', {}), 400, 'validation_failed');
  });

  it('discards with a required reason, kept with the letter; only a dead letter can be discarded', async () => {
    const id = await new DeadLetterRepository().insert(node.database.db.sql, {
      channel: CHANNEL,
      payload: { orderId: 'B-2' },
      headers: {},
      reason: 'boom',
      attempts: 2,
      firstFailedAt: new Date(),
    });
    expectError(await request('POST', `/admin/dlq/${id}/discard`, {}), 400, 'validation_failed');
    expectError(await request('POST', `/admin/dlq/${id}/discard`, { reason: '' }), 400, 'validation_failed');
    expectError(await request('POST', `/admin/dlq/${id}/discard`, { reason: 'x'.repeat(201) }), 400, 'validation_failed');

    const discarded = await request<Letter>('POST', `/admin/dlq/${id}/discard`, { reason: 'Booked by hand' });
    expect(discarded.status, discarded.text).toBe(200);
    expect(discarded.body).toMatchObject({ id, status: 'discarded', resolutionReason: 'Booked by hand' });
    expect(discarded.body.resolvedAt).toEqual(expect.any(String));
    expectError(await request('POST', `/admin/dlq/${id}/replay`, {}), 409, 'invalid_state');
    expectError(await request('POST', `/admin/dlq/${letter.id}/discard`, { reason: 'late' }), 409, 'invalid_state');

    const all = await request<{ deadLetters: Letter[] }>('GET', '/admin/dlq');
    expect(all.body.deadLetters.map((l) => [l.id, l.status])).toEqual([
      [id, 'discarded'],
      [letter.id, 'replayed'],
    ]);
  });
});
