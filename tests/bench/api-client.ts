import { randomUUID } from 'node:crypto';
import http from 'node:http';

const REQUEST_TIMEOUT_MS = 30_000;

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** A request that did not get the status it expected, named by what it was for and the API's error code. */
export class ApiCallFailed extends Error {
  constructor(what: string, status: number, body: unknown) {
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code;
    super(`${what}: HTTP ${status}${code ? ` ${code}` : ''}`);
    this.name = 'ApiCallFailed';
  }
}

/**
 * The public HTTP API on loopback as one user: JSON in and out, a fresh Idempotency-Key on every POST.
 * Plain node:http with kept-alive connections, so the client costs the shared CPU as little as it can.
 */
export class ApiClient {
  private readonly agent = new http.Agent({ keepAlive: true });

  constructor(
    private readonly baseUrl: string,
    /** Bearer token every request carries. */
    private readonly accessToken: string,
  ) {}

  get<T>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  /** The body of an answer with `status`; `ApiCallFailed` for any other. */
  async expect<T>(status: number, what: string, call: Promise<ApiResponse<T>>): Promise<T> {
    const response = await call;
    if (response.status !== status) throw new ApiCallFailed(what, response.status, response.body);
    return response.body;
  }

  close(): void {
    this.agent.destroy();
  }

  private request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = {
      Authorization: `Bearer ${this.accessToken}`,
      ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
      ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
    };
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(path, this.baseUrl),
        { method, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: response.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T });
            } catch (error) {
              reject(error as Error);
            }
          });
        },
      );
      request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }
}
