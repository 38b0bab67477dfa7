import type { ServerResponse } from 'node:http';
import { toHttpError } from '@tillwire/platform';
import type { EventHub } from './event-hub';
import type { Route, StreamEvent } from './route';
import { admitRequest, header, send, type ApiRequest, type Edge } from './route-handler';

const KEEP_ALIVE_MS = 15_000;

/**
 * Serves an event-stream route as Server-Sent Events: errors of the history call still answer JSON;
 * then the history, then live events. Live events that arrive while the history is read are held
 * and sent after it, without those the history already had. The stream ends at the first keep-alive
 * after the token that opened it expired or its session was ended; the client reconnects with a
 * fresh token and its Last-Event-ID, and misses nothing.
 */
export function eventStreamHandler(route: Route, hub: EventHub, edgeOf: () => Edge | undefined, keepAliveMs = KEEP_ALIVE_MS) {
  const { stream } = route;
  if (!stream) throw new Error(`Route ${route.id} is not an event stream`);
  const pathNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  return async (req: ApiRequest, res: ServerResponse): Promise<void> => {
    const admitted = await admitRequest(route, pathNames, req, edgeOf());
    if (!admitted.ok) return send(res, admitted.refusal.response, admitted.refusal.headers);
    const input = { ...admitted.input, lastEventId: header(req, 'last-event-id') || undefined };

    let sentUpTo = -1n;
    let held: StreamEvent[] | undefined = [];
    const write = (event: StreamEvent) => {
      if (BigInt(event.id) <= sentUpTo) return;
      sentUpTo = BigInt(event.id);
      res.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    // Subscribed before the history is read, so nothing published in between is missed.
    const unsubscribe = hub.subscribe(stream.topic(input), {
      event: (event) => (held ? held.push(event) : write(event)),
      end: () => res.end(),
    });
    res.on('close', unsubscribe);

    let history: StreamEvent[];
    try {
      history = (await route.call(input, admitted.ctx)) as StreamEvent[];
    } catch (error) {
      unsubscribe();
      const { status, body } = toHttpError(error);
      return send(res, { status, body: JSON.stringify(body) });
    }
    if (res.destroyed) return;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
    res.flushHeaders();
    if (input.lastEventId !== undefined && /^[0-9]+$/.test(input.lastEventId)) sentUpTo = BigInt(input.lastEventId);
    for (const event of history) write(event);
    for (const event of held) write(event);
    held = undefined;
    const authorization = header(req, 'authorization');
    const keepAlive = setInterval(() => {
      if (edgeOf()?.guard.stillAdmitted(route, authorization)) res.write(': keep-alive\n\n');
      else res.end();
    }, keepAliveMs);
    res.on('close', () => clearInterval(keepAlive));
  };
}
