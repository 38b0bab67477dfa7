import type { AddressInfo, Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { terminals } from '../../libs/contracts/src/index';
import { ADMIN_TOKEN, startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

/** GET /pos/terminals/{id}/events over every service, with a terminal on a real mTLS WebSocket. */

interface SseEvent {
  id: string;
  event: string;
  data: terminals.TerminalEvent;
}

/** An open SSE response, read frame by frame. */
interface SseClient {
  status: number;
  contentType: string | null;
  next(): Promise<SseEvent>;
  comments: string[];
  close(): void;
}

let api: CheckoutPlatform;
let base: string;

beforeAll(async () => {
  // The test's own socket is the terminal's only session.
  api = await startCheckoutPlatform({ TERMINAL_SIMULATORS: 'off' });
  // The API's own server: the platform's helpers read whole bodies, a stream is read here.
  const gateway = api.node.broker.getLocalService('api') as unknown as { server: Server };
  base = `http://127.0.0.1:${(gateway.server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(() => api?.stop());

async function openStream(terminalId: string, lastEventId?: string): Promise<SseClient> {
  const abort = new AbortController();
  const response = await fetch(`${base}/pos/terminals/${terminalId}/events`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }) },
    signal: abort.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const comments: string[] = [];
  let buffer = '';
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    comments,
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            frame
              .split('\n')
              .filter((line) => !line.startsWith(':') || (comments.push(line), false))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.id === undefined) continue;
          return { id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data ?? 'null') as terminals.TerminalEvent };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
    },
    close: () => abort.abort(),
  };
}

async function connectTerminal(terminalId: string): Promise<WebSocket> {
  const issued = await api.post<terminals.IssuedCertificate>(`/admin/terminals/${terminalId}/certificates`, {});
  expect(issued.status, issued.text).toBe(201);
  const ca = await api.get<{ certificatePem: string }>('/admin/terminals/ca');
  const { address } = await api.node.broker.call<terminals.ListenerStats, object>(terminals.TerminalsActions.listenerStats, {});
  const socket = new WebSocket(`wss://127.0.0.1:${address!.port}/terminals/${terminalId}/session`, {
    ca: ca.body.certificatePem,
    cert: issued.body.certificate.certificatePem,
    key: issued.body.privateKeyPem!,
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

describe('GET /pos/terminals/{id}/events', () => {
  it('streams the history, then live events; Last-Event-ID skips what the client had', async () => {
    const socket = await connectTerminal('T3');
    const waitForOnline = async () =>
      (await api.node.broker.call<terminals.Terminal, object>(terminals.TerminalsActions.get, { id: 'T3' })).status;
    await expect.poll(waitForOnline).toBe('online');

    const first = await openStream('T3');
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/event-stream/);
    const connected = await first.next();
    expect(connected).toMatchObject({ event: 'connected', data: { terminalId: 'T3', type: 'connected', id: connected.id } });

    socket.send(JSON.stringify({ type: 'event', event: { kind: 'printed', document: 'R-9' }, at: new Date().toISOString() }));
    const printed = await first.next();
    expect(printed).toMatchObject({ event: 'printed', data: { type: 'printed', payload: { vendorEvent: 'printed', detail: 'R-9' } } });
    expect(BigInt(printed.id)).toBeGreaterThan(BigInt(connected.id));
    first.close();

    const resumed = await openStream('T3', connected.id);
    expect(await resumed.next()).toEqual(printed);
    socket.close();
    expect(await resumed.next()).toMatchObject({ event: 'disconnected', data: { terminalId: 'T3' } });
    resumed.close();
  });

  it('answers 404 JSON for an unknown terminal, 400 for a malformed id', async () => {
    const unknown = await api.get<{ error: { code: string } }>('/pos/terminals/NOPE/events');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const malformed = await api.get<{ error: { code: string } }>('/pos/terminals/bad%20id/events');
    expect(malformed.status).toBe(400);
    // Left open: stopping the platform must end it rather than wait for it.
    const open = await openStream('T4');
    expect(open.status).toBe(200);
  });
});
