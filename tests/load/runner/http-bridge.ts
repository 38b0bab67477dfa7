import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BlockingHttp, WireRequest, WireResponse } from './vu-runtime';

/*
 * k6's http calls block the VU. A VU thread posts its requests to the main thread and sleeps on a
 * shared flag; the main thread sends them (concurrently for every VU), posts the answers back and
 * raises the flag; the VU wakes and takes the answers off its port synchronously.
 */

/** The VU thread's side. */
export function blockingHttp(flag: Int32Array, port: MessagePort): BlockingHttp {
  return {
    send(requests) {
      Atomics.store(flag, 0, 0);
      port.postMessage(requests);
      Atomics.wait(flag, 0, 0);
      const reply = receiveMessageOnPort(port);
      if (!reply) throw new Error('The runner answered no HTTP response');
      return reply.message as WireResponse[];
    },
  };
}

/** The main thread's side: sends what the VU thread behind `port` asks for. */
export function serveHttp(port: MessagePort, flag: Int32Array): void {
  port.on('message', (requests: WireRequest[]) => {
    void Promise.all(requests.map(perform)).then((responses) => {
      port.postMessage(responses);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
  });
}

async function perform(request: WireRequest): Promise<WireResponse> {
  const started = performance.now();
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body === null ? {} : { body: request.body }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const body = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[canonicalHeader(name)] = value));
    return { status: response.status, statusText: `${response.status} ${response.statusText}`, url: response.url, headers, body, durationMs: performance.now() - started, error: '', errorCode: 0 };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    const refused = ((error as { cause?: { code?: string } }).cause?.code ?? '') === 'ECONNREFUSED';
    return {
      status: 0,
      statusText: '',
      url: request.url,
      headers: {},
      body: '',
      durationMs: performance.now() - started,
      error: timedOut ? 'request timeout' : String((error as { cause?: unknown }).cause ?? error),
      errorCode: timedOut ? 1050 : refused ? 1212 : 1000,
    };
  }
}

/** `content-type` → `Content-Type`, the form k6 (Go's net/http) gives response header names. */
function canonicalHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
