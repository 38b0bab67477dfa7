import type { z } from 'zod';
import { tokenResponse, type LoginRequest, type SessionUser, type TokenResponse } from './auth.contract';
import { EventStreamParser, type StreamMessage } from './event-stream';
import { PLATFORM_PREFIX } from './platform-proxy';

/** A failed API call, from the API's `{error: {code, message, details?}}` or from the network. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What a browser keeps of a sign-in between page loads. */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

export interface SessionStorage {
  load(): StoredSession | null;
  /** null forgets the session. */
  save(session: StoredSession | null): void;
}

export interface WebClientOptions {
  /** Where the API answers: the app's own origin under PLATFORM_PREFIX by default. */
  base?: string;
  storage: SessionStorage;
  /** The session ended without the user asking (its refresh token was refused). */
  onSignedOut?: () => void;
  fetch?: typeof fetch;
}

export interface PostOptions<T> {
  /** Created once per user action and reused on its retries, so the API does the action once. */
  idempotencyKey: string;
  /** A supervisor's access token approving what the signed-in user may not (a large discount). */
  approvalToken?: string;
  /**
   * The W3C trace the request joins (32 lower-case hex digits), e.g. its sale's: it is sent as
   * `traceparent` under a parent span id of its own, and the API's spans continue that trace.
   */
  traceId?: string;
  schema?: z.ZodType<T>;
}

export interface StreamOptions {
  /** Resume after this event: the API sends only later ones. */
  lastEventId?: string;
}

export interface WebClient {
  get<T>(path: string, schema?: z.ZodType<T>): Promise<T>;
  post<T>(path: string, body: unknown, options: PostOptions<T>): Promise<T>;
  put<T>(path: string, body: unknown, options?: { schema?: z.ZodType<T> }): Promise<T>;
  del(path: string): Promise<void>;
  /** Signs in and keeps the session; answers the API's token response. */
  signIn(request: LoginRequest): Promise<TokenResponse>;
  /** Revokes the refresh token (best effort) and forgets the session. */
  signOut(): Promise<void>;
  session(): StoredSession | null;
  /**
   * Reads a Server-Sent Events route with the bearer token until the server ends it or `signal`
   * aborts (both resolve); an error answer before the stream rejects with its ApiError.
   */
  stream(path: string, onEvent: (event: StreamMessage) => void, signal: AbortSignal, options?: StreamOptions): Promise<void>;
}

export type { StreamMessage } from './event-stream';

const UNREACHABLE = 'The Tillwire platform is not reachable; retry shortly';

/** A fresh Idempotency-Key for one user action. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** The API over `fetch`: bearer token attached, refreshed once on a 401 and the request retried. */
export function createWebClient(options: WebClientOptions): WebClient {
  const { base = PLATFORM_PREFIX, storage, onSignedOut } = options;
  const doFetch = options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => fetch(input, init));
  let refreshing: Promise<StoredSession> | undefined;

  async function send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(`${base}${path}`, init);
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') throw error;
      throw new ApiError(503, 'dependency_unavailable', UNREACHABLE);
    }
  }

  function signedOut(): never {
    storage.save(null);
    onSignedOut?.();
    throw new ApiError(401, 'token_invalid', 'The session has ended; sign in again');
  }

  /** One refresh at a time: concurrent 401s wait for the same new pair (a refresh token works once). */
  function refresh(): Promise<StoredSession> {
    refreshing ??= (async () => {
      const current = storage.load();
      if (!current) signedOut();
      const response = await send('/auth/refresh', jsonInit('POST', { refreshToken: current.refreshToken }));
      if (response.status === 400 || response.status === 401) signedOut();
      const session = toSession(await parse(response, tokenResponse));
      storage.save(session);
      return session;
    })().finally(() => {
      refreshing = undefined;
    });
    return refreshing;
  }

  /** Sends with the current access token; on a 401, retries once with a refreshed one. */
  async function authorised(path: string, init: RequestInit): Promise<Response> {
    const used = storage.load();
    if (!used) signedOut();
    const response = await send(path, withToken(init, used.accessToken));
    if (response.status !== 401) return response;
    // Another request may have refreshed meanwhile: then its token is the one to retry with.
    const latest = storage.load();
    const fresh = latest && latest.accessToken !== used.accessToken ? latest : await refresh();
    return send(path, withToken(init, fresh.accessToken));
  }

  async function request<T>(path: string, init: RequestInit, schema?: z.ZodType<T>): Promise<T> {
    const response = await authorised(path, init);
    if (response.status === 401) signedOut();
    return parse(response, schema);
  }

  return {
    get: (path, schema) => request(path, { method: 'GET' }, schema),
    post(path, body, { idempotencyKey, approvalToken, traceId, schema }) {
      const init = jsonInit('POST', body);
      const headers = new Headers(init.headers);
      headers.set('Idempotency-Key', idempotencyKey);
      if (approvalToken) headers.set('X-Approval-Token', approvalToken);
      if (traceId) headers.set('traceparent', traceparent(traceId));
      return request(path, { ...init, headers }, schema);
    },
    put: (path, body, putOptions) => request(path, jsonInit('PUT', body), putOptions?.schema),
    del: async (path) => {
      await request(path, { method: 'DELETE' });
    },
    async signIn(login) {
      const answer = await parse(await send('/auth/login', jsonInit('POST', login)), tokenResponse);
      storage.save(toSession(answer));
      return answer;
    },
    async signOut() {
      const current = storage.load();
      storage.save(null);
      if (!current) return;
      // The access token lapses on its own; a refresh token left unrevoked when the API is down is no worse.
      await send('/auth/logout', jsonInit('POST', { refreshToken: current.refreshToken })).catch(() => undefined);
    },
    session: () => storage.load(),
    async stream(path, onEvent, signal, streamOptions) {
      const headers = new Headers({ Accept: 'text/event-stream' });
      if (streamOptions?.lastEventId) headers.set('Last-Event-ID', streamOptions.lastEventId);
      let response: Response;
      try {
        response = await authorised(path, { method: 'GET', headers, signal });
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      if (response.status === 401) signedOut();
      if (!response.ok) await parse(response);
      if (response.body) await readEvents(response.body, onEvent, signal);
    },
  };
}

async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (event: StreamMessage) => void, signal: AbortSignal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  if (signal.aborted) cancel();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) onEvent(event);
    }
  } catch (error) {
    if (!signal.aborted) throw new ApiError(503, 'dependency_unavailable', `The event stream broke: ${String(error)}`);
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

/** A sampled W3C trace context: the trace, and a fresh parent span id standing for this request. */
function traceparent(traceId: string): string {
  const spanId = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `00-${traceId}-${spanId}-01`;
}

function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

function withToken(init: RequestInit, accessToken: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${accessToken}`);
  return { ...init, headers };
}

function toSession(answer: TokenResponse): StoredSession {
  return { accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user };
}

/** The body of a success (validated when a schema is given), or the ApiError of a failure. */
async function parse<T>(response: Response, schema?: z.ZodType<T>): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) throw errorOf(response.status, body);
  if (!schema) return body as T;
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, 'unexpected_response', 'The platform answered something this screen does not understand', parsed.error.issues);
  return parsed.data;
}

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, typeof error.message === 'string' ? error.message : error.code, error.details);
  }
  return status >= 500
    ? new ApiError(status, 'dependency_unavailable', UNREACHABLE)
    : new ApiError(status, 'unexpected_response', `The platform answered HTTP ${status}`);
}
