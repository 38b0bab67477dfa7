import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, createWebClient, newIdempotencyKey, type StoredSession, type WebClient } from './web-client';

const USER = { id: '6f1c2b8e-3d4a-4c5b-9e6f-7a8b9c0d1e2f', username: 'operator-grocery', displayName: 'Operator', roles: ['operator' as const] };

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: unknown;
}

/** A fetch answering from `handler`, recording every request. */
function fakeApi(handler: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    return handler(call);
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

function memoryStorage(initial: StoredSession | null) {
  let stored = initial;
  return { load: () => stored, save: (s: StoredSession | null) => void (stored = s) };
}

const tokens = (n: number) => ({ accessToken: `access-${n}`, tokenType: 'Bearer', expiresIn: 900, refreshToken: `refresh-${n}`, user: USER });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const expired = () => json(401, { error: { code: 'token_expired', message: 'expired' } });
const bearer = (call: Call) => call.headers.get('authorization');

function client(handler: (call: Call) => Response | Promise<Response>, session: StoredSession | null = toStored(1)) {
  const api = fakeApi(handler);
  const storage = memoryStorage(session);
  let signedOut = 0;
  const web: WebClient = createWebClient({ storage, fetch: api.fetch, onSignedOut: () => (signedOut += 1) });
  return { web, calls: api.calls, storage, signedOuts: () => signedOut };
}

function toStored(n: number): StoredSession {
  const { accessToken, refreshToken, user } = tokens(n);
  return { accessToken, refreshToken, user };
}

describe('createWebClient', () => {
  it('sends the bearer token, the Idempotency-Key and the approval token under /platform, validating the answer', async () => {
    const { web, calls } = client(() => json(201, { id: 'tx-1', status: 'reserved' }));
    const schema = z.object({ id: z.string(), status: z.literal('reserved') });
    const answer = await web.post('/pos/transactions', { terminalId: 'T1' }, { idempotencyKey: 'key-1', approvalToken: 'sup', schema });
    expect(answer).toEqual({ id: 'tx-1', status: 'reserved' });
    expect(calls[0]).toMatchObject({ url: '/platform/pos/transactions', method: 'POST', body: { terminalId: 'T1' } });
    expect(bearer(calls[0]!)).toBe('Bearer access-1');
    expect(calls[0]!.headers.get('idempotency-key')).toBe('key-1');
    expect(calls[0]!.headers.get('x-approval-token')).toBe('sup');
  });

  it("sends a POST of a trace as its traceparent, under a parent span of the request's own", async () => {
    const { web, calls } = client(() => json(200, {}));
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await web.post('/pos/transactions', {}, { idempotencyKey: 'key-1', traceId });
    await web.post('/pos/transactions/tx-1/complete', {}, { idempotencyKey: 'key-2', traceId });
    await web.post('/pos/transactions/tx-1/cancel', {}, { idempotencyKey: 'key-3' });
    const sent = calls.map((call) => call.headers.get('traceparent'));
    for (const header of sent.slice(0, 2)) expect(header).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(sent[0]).not.toBe(sent[1]);
    expect(sent[2]).toBeNull();
  });

  it("turns the API's error into an ApiError with its status, code and details", async () => {
    const { web } = client(() => json(422, { error: { code: 'insufficient_stock', message: 'no', details: { sku: 'A', available: 0 } } }));
    const error = await web.get('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'insufficient_stock', message: 'no', details: { sku: 'A', available: 0 } });
  });

  it('reports a network failure as dependency_unavailable 503', async () => {
    const { web } = client(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(web.get('/x')).rejects.toMatchObject({ status: 503, code: 'dependency_unavailable' });
  });

  it('refreshes once on a 401 and retries with the same Idempotency-Key', async () => {
    const { web, calls, storage } = client((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, tokens(2));
      return bearer(call) === 'Bearer access-2' ? json(200, { ok: true }) : expired();
    });
    expect(await web.post('/pos/transactions/1/cancel', {}, { idempotencyKey: 'k' })).toEqual({ ok: true });
    expect(calls.map((c) => c.url)).toEqual(['/platform/pos/transactions/1/cancel', '/platform/auth/refresh', '/platform/pos/transactions/1/cancel']);
    expect(calls[1]!.body).toEqual({ refreshToken: 'refresh-1' });
    expect(calls[2]!.headers.get('idempotency-key')).toBe('k');
    expect(storage.load()?.accessToken).toBe('access-2');
  });

  it('coalesces the refreshes of concurrent 401s into one', async () => {
    const { web, calls } = client((call) => {
      if (call.url.endsWith('/auth/refresh')) return json(200, tokens(2));
      return bearer(call) === 'Bearer access-2' ? json(200, call.url) : expired();
    });
    const answers = await Promise.all([web.get('/a'), web.get('/b'), web.get('/c')]);
    expect(answers).toEqual(['/platform/a', '/platform/b', '/platform/c']);
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
  });

  it('forgets the session and signs out when the refresh token is refused', async () => {
    const { web, storage, signedOuts } = client((call) =>
      call.url.endsWith('/auth/refresh') ? json(401, { error: { code: 'token_invalid', message: 'spent' } }) : expired(),
    );
    await expect(web.get('/x')).rejects.toMatchObject({ status: 401 });
    expect(storage.load()).toBeNull();
    expect(signedOuts()).toBe(1);
  });

  it('keeps the session when the refresh fails only because the platform is down', async () => {
    const { web, storage, signedOuts } = client((call) => (call.url.endsWith('/auth/refresh') ? Promise.reject(new TypeError('down')) : expired()));
    await expect(web.get('/x')).rejects.toMatchObject({ code: 'dependency_unavailable' });
    expect(storage.load()?.refreshToken).toBe('refresh-1');
    expect(signedOuts()).toBe(0);
  });

  it('signs in without a token and keeps the session; signs out by revoking the refresh token', async () => {
    const { web, calls, storage } = client((call) => (call.url.endsWith('/auth/login') ? json(200, tokens(5)) : new Response(null, { status: 204 })), null);
    const answer = await web.signIn({ terminalId: 'T1', username: 'operator-grocery', pin: '123456' });
    expect(answer.user.username).toBe('operator-grocery');
    expect(bearer(calls[0]!)).toBeNull();
    expect(web.session()?.accessToken).toBe('access-5');
    await web.signOut();
    expect(calls[1]).toMatchObject({ url: '/platform/auth/logout', body: { refreshToken: 'refresh-5' } });
    expect(storage.load()).toBeNull();
  });

  it('answers a refused sign-in as its ApiError, keeping no session', async () => {
    const { web } = client(() => json(401, { error: { code: 'invalid_credentials', message: 'no' } }), null);
    await expect(web.signIn({ username: 'admin', password: 'wrong' })).rejects.toMatchObject({ status: 401, code: 'invalid_credentials' });
    expect(web.session()).toBeNull();
  });

  it('reads an event stream with the bearer token and Last-Event-ID until the server ends it', async () => {
    const frames = ['id: 3\nevent: connected\ndata: {"id":"3"}\n', '\nid: 4\nevent: printed\ndata: {"id":"4"}\n\n'];
    const { web, calls } = client(() => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const frame of frames) controller.enqueue(new TextEncoder().encode(frame));
          controller.close();
        },
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
    });
    const events: unknown[] = [];
    await web.stream('/pos/terminals/T1/events', (e) => events.push(e), new AbortController().signal, { lastEventId: '2' });
    expect(events).toEqual([
      { id: '3', type: 'connected', data: { id: '3' } },
      { id: '4', type: 'printed', data: { id: '4' } },
    ]);
    expect(bearer(calls[0]!)).toBe('Bearer access-1');
    expect(calls[0]!.headers.get('last-event-id')).toBe('2');
  });

  it('resolves a stream when its signal aborts, and rejects one the API refuses', async () => {
    const controller = new AbortController();
    const { web } = client(() => new Response(new ReadableStream<Uint8Array>(), { status: 200 }));
    const reading = web.stream('/pos/terminals/T1/events', () => undefined, controller.signal);
    controller.abort();
    await expect(reading).resolves.toBeUndefined();

    const refused = client(() => json(404, { error: { code: 'not_found', message: 'no terminal' } }));
    await expect(refused.web.stream('/pos/terminals/T9/events', () => undefined, new AbortController().signal)).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});

describe('newIdempotencyKey', () => {
  it('is a fresh UUID each time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});
