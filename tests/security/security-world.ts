import { createSecretKey } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { auth } from '@tillwire/contracts';
import { createUser, type AuthDeps } from '@tillwire/platform';
import { expect } from 'vitest';
import { storeDirectory } from '../../libs/platform/src/runner/users.command';
import { TEST_JWT_SECRET, testAccessToken } from '../../libs/platform/src/testing/index';
import { ADMIN_TOKEN, type CheckoutPlatform } from '../checkout/checkout-api';
import { changedTables, settled, tableFingerprints, type Fingerprint } from '../support/table-fingerprint';

/**
 * What the security tests share: the callers of the permission matrix, a raw HTTP client (any
 * header, any body, any source address), users created in the database, and a fingerprint of every
 * table to prove that a refused request changed nothing.
 */

/** The key every test platform verifies access tokens with (JWT_SECRET = TEST_JWT_SECRET). */
export const TEST_KEY = createSecretKey(Buffer.from(TEST_JWT_SECRET, 'utf8'));

export type Caller = 'operator' | 'supervisor' | 'admin' | 'finance' | 'anonymous';
export const CALLERS: readonly Caller[] = ['operator', 'supervisor', 'admin', 'finance', 'anonymous'];

/** Operator and supervisor signed in at T1 (GROCERY); admin and finance at no terminal. */
export const TOKENS: Record<Exclude<Caller, 'anonymous'>, string> = {
  operator: testAccessToken({ roles: ['operator'], username: 'operator-t1', terminalId: 'T1', departmentCode: 'GROCERY' }),
  supervisor: testAccessToken({ roles: ['supervisor'], username: 'supervisor-t1', terminalId: 'T1', departmentCode: 'GROCERY' }),
  admin: ADMIN_TOKEN,
  finance: testAccessToken({ roles: ['finance'], username: 'test-finance' }),
};

/** The claims of a JWT, read without verifying it (the test signed it). */
export function claimsOf(token: string): { sub: string; username: string; roles: string[]; terminalId?: string } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as ReturnType<typeof claimsOf>;
}

export interface RawRequest {
  method: string;
  /** Path and query, already encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The local address to connect from (127.0.0.x): per-IP rate limits count each apart. */
  from?: string;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One request over node:http, which sends headers and bodies fetch would refuse or rewrite. An
 * event stream is answered with its status and headers only: it would never end.
 */
export function rawRequest(base: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: { ...(request.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(request.body)) }), ...request.headers },
        ...(request.from ? { localAddress: request.from } : {}),
        agent: false,
      },
      (res) => {
        if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          res.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** `{error:{code,message,details?}}` of an answer, or undefined when the body is not one. */
export function errorOf(answer: { text: string }): { code: string; message: string; details?: Record<string, unknown> } | undefined {
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown; details?: Record<string, unknown> } };
    const error = body.error;
    if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
    return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  } catch {
    return undefined;
  }
}

/** Expects a typed error answer with `status` and `code`. */
export function expectError(answer: { status: number; text: string }, status: number, code: string, what = ''): NonNullable<ReturnType<typeof errorOf>> {
  const error = errorOf(answer);
  expect({ status: answer.status, code: error?.code }, `${what} → ${answer.status} ${answer.text.slice(0, 300)}`).toEqual({ status, code });
  return error!;
}

/** Identity use cases on the platform's database (users are not created over HTTP). */
export function authDeps(api: CheckoutPlatform): AuthDeps {
  return {
    db: api.node.database.db.sql,
    key: TEST_KEY,
    settings: { accessTokenSeconds: 900, refreshTokenSeconds: 43_200, maxFailedAttempts: 5, lockoutSeconds: 900 },
  };
}

export async function createTestUser(api: CheckoutPlatform, request: auth.CreateUserRequest): Promise<auth.User> {
  const created = await createUser(authDeps(api), storeDirectory(api.node.database.db), request);
  if (!created.ok) throw new Error(`Cannot create ${request.username}: ${JSON.stringify(created.failure)}`);
  return created.value;
}

/** Row count and a hash of the rows of every table, by `schema.table` (tests/support/table-fingerprint.ts). */
export async function fingerprint(api: CheckoutPlatform): Promise<Fingerprint> {
  return (await tableFingerprints(api.node.database.db.sql))();
}

/** The fingerprint once background work (outbox relay, its consumers) has stopped changing rows. */
export async function settledFingerprint(api: CheckoutPlatform): Promise<Fingerprint> {
  return settled(await tableFingerprints(api.node.database.db.sql));
}

export { changedTables };

export interface T1Fixtures {
  /** Transactions on T1, made by the admin: one cancelled, one completed (cash). */
  cancelledId: string;
  completedId: string;
  /** T1's seeded open shift. */
  openShiftId: string;
}

/** A cancelled and a completed sale on T1, and T1's open shift: what terminal-bound callers may act on. */
export async function t1Fixtures(api: CheckoutPlatform): Promise<T1Fixtures> {
  const sale = async () => {
    const created = await api.post<{ id: string; totals: { totalMinor: number } }>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] });
    expect(created.status, created.text).toBe(201);
    return created.body;
  };
  const cancelled = await sale();
  expect((await api.post(`/pos/transactions/${cancelled.id}/cancel`, {})).status).toBe(200);
  const completed = await sale();
  const paid = await api.post(`/pos/transactions/${completed.id}/complete`, { payments: [{ method: 'cash', amountMinor: completed.totals.totalMinor }] });
  expect(paid.status, paid.text).toBe(200);
  const shifts = await api.get<{ shifts: Array<{ id: string }> }>('/pos/terminals/T1/shifts?status=open');
  expect(shifts.body.shifts, shifts.text).toHaveLength(1);
  return { cancelledId: cancelled.id, completedId: completed.id, openShiftId: shifts.body.shifts[0]!.id };
}
