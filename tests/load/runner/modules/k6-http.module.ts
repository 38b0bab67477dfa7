import { parseDuration } from '../option-values';
import { runtime, type ExpectedStatuses, type WireRequest, type WireResponse } from '../vu-runtime';

/** What `import http from 'k6/http'` gives a script: blocking requests that emit k6's http metrics. */

type Body = string | Record<string, string | number | boolean> | null | undefined;

export interface Params {
  readonly headers?: Record<string, string>;
  readonly tags?: Record<string, string>;
  /** k6's default: 60 s. */
  readonly timeout?: string | number;
  /** Which statuses count as expected for this request (see expectedStatuses). */
  readonly responseCallback?: ExpectedStatuses;
}

type BatchEntry = readonly [method: string, url: string, body?: Body, params?: Params] | { method: string; url: string; body?: Body; params?: Params };

const DEFAULT_TIMEOUT_MS = 60_000;

export class Response {
  readonly status: number;
  readonly status_text: string;
  readonly url: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly error: string;
  readonly error_code: number;
  readonly timings: { readonly duration: number };
  readonly request: { readonly method: string; readonly url: string; readonly headers: Readonly<Record<string, string>>; readonly body: string };

  constructor(request: WireRequest, wire: WireResponse) {
    this.status = wire.status;
    this.status_text = wire.statusText;
    this.url = wire.url;
    this.body = wire.body;
    this.headers = wire.headers;
    this.error = wire.error;
    this.error_code = wire.errorCode;
    this.timings = { duration: wire.durationMs };
    this.request = { method: request.method, url: request.url, headers: request.headers, body: request.body ?? '' };
  }

  /** The body parsed as JSON (k6's gjson selectors are not implemented). */
  json(selector?: string): unknown {
    if (selector !== undefined) throw new Error('Response.json(selector) is not implemented by this runner; use json() and read the field');
    return JSON.parse(this.body) as unknown;
  }
}

export function request(method: string, url: string, body?: Body, params?: Params): Response {
  return send([{ method, url, body, params }])[0]!;
}

export const get = (url: string, params?: Params) => request('GET', url, null, params);
export const head = (url: string, params?: Params) => request('HEAD', url, null, params);
export const post = (url: string, body?: Body, params?: Params) => request('POST', url, body, params);
export const put = (url: string, body?: Body, params?: Params) => request('PUT', url, body, params);
export const patch = (url: string, body?: Body, params?: Params) => request('PATCH', url, body, params);
export const del = (url: string, body?: Body, params?: Params) => request('DELETE', url, body, params);

/** Sends the requests concurrently and answers their responses in the same order. */
export function batch(requests: readonly BatchEntry[]): Response[] {
  if (!Array.isArray(requests)) throw new Error('http.batch: this runner takes an array of requests');
  return send(requests.map((entry) => (Array.isArray(entry) ? { method: entry[0], url: entry[1], body: entry[2], params: entry[3] } : entry)));
}

/** Statuses (or `{min, max}` ranges) that count as expected, for http_req_failed. */
export function expectedStatuses(...statuses: Array<number | { min: number; max: number }>): ExpectedStatuses {
  return { ranges: statuses.map((status) => (typeof status === 'number' ? { min: status, max: status } : status)) };
}

/** The expected statuses of every later request without its own responseCallback (default 200-399). */
export function setResponseCallback(callback: ExpectedStatuses): void {
  runtime.responseCallback = callback;
}

function send(entries: ReadonlyArray<{ method: string; url: string; body?: Body; params?: Params | undefined }>): Response[] {
  const http = runtime.blockingHttp();
  const requests = entries.map(({ method, url, body, params }) => wireRequest(method.toUpperCase(), url, body, params));
  const responses = http.send(requests);
  return responses.map((wire, index) => {
    const { params } = entries[index]!;
    const response = new Response(requests[index]!, wire);
    emitMetrics(response, params);
    return response;
  });
}

/** A string body goes as it is; an object is form-encoded, as k6 does. */
function wireRequest(method: string, url: string, body: Body, params: Params | undefined): WireRequest {
  const headers = { ...params?.headers };
  let payload: string | null = null;
  if (typeof body === 'string') payload = body;
  else if (body) {
    payload = new URLSearchParams(Object.entries(body).map(([key, value]): [string, string] => [key, String(value)])).toString();
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  const timeoutMs = params?.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(params.timeout, 'http timeout');
  return { method, url, headers, body: payload, timeoutMs };
}

function emitMetrics(response: Response, params: Params | undefined): void {
  const expected = (params?.responseCallback ?? runtime.responseCallback).ranges.some(({ min, max }) => response.status >= min && response.status <= max);
  const tags = {
    method: response.request.method,
    url: response.request.url,
    name: response.request.url,
    status: String(response.status),
    expected_response: String(expected),
    ...(response.error_code ? { error_code: String(response.error_code) } : {}),
    ...params?.tags,
  };
  runtime.emit('http_reqs', 1, tags);
  runtime.emit('http_req_duration', response.timings.duration, tags);
  runtime.emit('http_req_failed', expected ? 0 : 1, tags);
}

export default { request, get, head, post, put, patch, del, batch, expectedStatuses, setResponseCallback };
