import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { signAccessToken } from '@tillwire/platform';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceBroker } from 'moleculer';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccessGuard } from './access-guard';
import { EventHub } from './event-hub';
import { eventStreamHandler } from './event-stream-handler';
import { defineRoute } from './route';
import { memoryRateLimitStore, RateLimiter } from './rate-limiter';
import { proxyList } from './client-address';
import type { ApiRequest, Edge } from './route-handler';

const key = createSecretKey(randomBytes(32));

const route = defineRoute({
  id: 'stream',
  method: 'GET',
  path: '/things/:id/events',
  summary: 'test stream',
  tag: 'Test',
  access: 'public',
  response: z.object({ id: z.string(), type: z.string() }),
  status: 200,
  stream: { topic: ({ path }) => path.id! },
  call: async ({ lastEventId }) => [{ id: '1', type: 'a' }, { id: '2', type: 'b' }].filter((e) => !lastEventId || e.id > lastEventId),
});

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** The handler of `served` behind a plain HTTP server; moleculer-web hands it the same req and res. */
async function serve(hub: EventHub, served: typeof route = route, ended = new Set<string>()): Promise<string> {
  const limits = { authPerIp: 10, writesPerUser: 10, writesPerIp: 10 };
  const guard = new AccessGuard({ ended: { revoked: (userId) => ended.has(userId) }, key, limiter: new RateLimiter(memoryRateLimitStore()), limits, log: console });
  // A stream reads nothing but the guard.
  const edge = { guard, proxies: proxyList([]) } as unknown as Edge;
  const handle = eventStreamHandler(served, hub, () => edge, 20);
  server = createServer((req, res) => {
    const request = Object.assign(req, { $params: { id: 'X' }, query: {}, $service: { broker: {} as ServiceBroker } }) as unknown as ApiRequest;
    void handle(request, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/things/X/events`;
}

async function readUntil(reader: ReadableStreamDefaultReader<string>, text: string): Promise<string> {
  let seen = '';
  while (!seen.includes(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  return seen;
}

describe('eventStreamHandler', () => {
  it('sends the history, live events without repeats, keep-alive comments, and unsubscribes when the client leaves', async () => {
    const hub = new EventHub();
    const url = await serve(hub);
    const abort = new AbortController();
    const response = await fetch(url, { headers: { 'Last-Event-ID': '1' }, signal: abort.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect(await readUntil(reader, '\n\n')).toBe('id: 2\nevent: b\ndata: {"id":"2","type":"b"}\n\n');
    hub.publish('X', { id: '2', type: 'b' });
    hub.publish('Y', { id: '3', type: 'other' });
    hub.publish('X', { id: '3', type: 'c' });
    const live = await readUntil(reader, 'id: 3');
    expect(live).not.toContain('id: 2');
    expect(await readUntil(reader, ': keep-alive\n\n')).toContain(': keep-alive');
    expect(hub.listeners('X')).toBe(1);
    abort.abort();
    await expect.poll(() => hub.listeners('X')).toBe(0);
  });

  it('ends at the next keep-alive once the session of the token that opened it was ended', async () => {
    const hub = new EventHub();
    const ended = new Set<string>();
    const url = await serve(hub, { ...route, access: 'signed_in' }, ended);
    const userId = randomUUID();
    const token = signAccessToken(key, { sub: userId, username: 'ann', roles: ['admin'] }, { ttlSeconds: 600 }).token;
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect(await readUntil(reader, ': keep-alive\n\n')).toContain('id: 2');
    ended.add(userId);
    // What is left is read to its end: the handler ends the stream at its next keep-alive.
    while (!(await reader.read()).done);
    await expect.poll(() => hub.listeners('X')).toBe(0);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});
