import { randomUUID } from 'node:crypto';
import { SERVICE_NAMES } from '../../libs/platform/src/runner/service-module';
import { seedDemoStore } from '../../libs/platform/src/runner/seed';
import { createTestDatabase, startTestNode, type TestNode } from '../../libs/platform/src/testing/index';
import { freePort } from '../support/processes';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
}

export interface CheckoutPlatform {
  node: TestNode;
  get<T = Record<string, unknown>>(path: string): Promise<HttpResult<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown, key?: string): Promise<HttpResult<T>>;
  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<HttpResult<T>>;
  delete<T = Record<string, unknown>>(path: string): Promise<HttpResult<T>>;
  stop(): Promise<void>;
}

/** Every service and the public API on one node, over a fresh PostgreSQL database seeded with the demo store. */
export async function startCheckoutPlatform(env: Record<string, string> = {}): Promise<CheckoutPlatform> {
  const database = await createTestDatabase('tw_checkout');
  await seedDemoStore(database.db, { info: () => undefined });
  const port = await freePort();
  // The demo store's terminals take card payments through simulated terminals over mTLS.
  const node = await startTestNode(SERVICE_NAMES, { API_PORT: String(port), TERMINAL_SIMULATORS: 'on', ...env }, database);
  const base = `http://127.0.0.1:${port}`;
  const request = async <T>(method: string, path: string, body?: unknown, key?: string): Promise<HttpResult<T>> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'POST' ? { 'Idempotency-Key': key ?? randomUUID() } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    node,
    get: (path) => request('GET', path),
    post: (path, body, key) => request('POST', path, body, key),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request('DELETE', path),
    async stop() {
      await node.stop();
      await database.drop();
    },
  };
}
