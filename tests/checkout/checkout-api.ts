import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '../../libs/platform/src/runner/service-module';
import { seedDemoStore } from '../../libs/platform/src/runner/seed';
import { createTestDatabase, startTestNode, testAccessToken, type TestNode } from '../../libs/platform/src/testing/index';
import { freePort } from '../support/processes';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
}

export interface ApiClient {
  get<T = Record<string, unknown>>(path: string): Promise<HttpResult<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown, key?: string): Promise<HttpResult<T>>;
  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<HttpResult<T>>;
  delete<T = Record<string, unknown>>(path: string): Promise<HttpResult<T>>;
}

/** The API as an admin (every permission, no terminal binding); `as(token)` is the API as someone else. */
export interface CheckoutPlatform extends ApiClient {
  node: TestNode;
  /** `http://127.0.0.1:<port>` */
  base: string;
  as(token: string): ApiClient;
  stop(): Promise<void>;
}

/** The admin the platform's own client acts as, and its access token, signed with the test key every test platform trusts. */
export const ADMIN_USER_ID = randomUUID();
export const ADMIN_TOKEN = testAccessToken({ userId: ADMIN_USER_ID, roles: ['admin'], username: 'test-admin' });

/** Every service and the public API on one node, over a fresh PostgreSQL database seeded with the demo store. */
export async function startCheckoutPlatform(env: Record<string, string> = {}): Promise<CheckoutPlatform> {
  const database = await createTestDatabase('tw_checkout');
  await seedDemoStore(database.db, { info: () => undefined });
  const port = await freePort();
  // The demo store's terminals take card payments through simulated terminals over mTLS.
  // Tests send far more than a person would: rate limits only where a test sets them.
  const unlimited = { RATE_LIMIT_AUTH_PER_MINUTE: '1000000', RATE_LIMIT_USER_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_IP_WRITES_PER_MINUTE: '1000000' };
  const node = await startTestNode(SERVICE_NAMES, { API_PORT: String(port), TERMINAL_SIMULATORS: 'on', ...unlimited, ...env }, database);
  const base = `http://127.0.0.1:${port}`;
  const client = (token: string): ApiClient => {
    const request = async <T>(method: string, path: string, body?: unknown, key?: string): Promise<HttpResult<T>> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(method === 'POST' ? { 'Idempotency-Key': key ?? randomUUID() } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, text, body: (text ? JSON.parse(text) : {}) as T };
    };
    return {
      get: (path) => request('GET', path),
      post: (path, body, key) => request('POST', path, body, key),
      put: (path, body) => request('PUT', path, body),
      delete: (path) => request('DELETE', path),
    };
  };
  return {
    node,
    base,
    ...client(ADMIN_TOKEN),
    as: client,
    async stop() {
      await node.stop();
      await database.drop();
    },
  };
}
