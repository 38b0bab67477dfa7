import { randomUUID } from 'node:crypto';
import { permissions } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '../../services/api/src/http/route';
import { ROUTES } from '../../services/api/src/http/routes';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import {
  CALLERS,
  changedTables,
  createTestUser,
  errorOf,
  fingerprint,
  rawRequest,
  settledFingerprint,
  t1Fixtures,
  TOKENS,
  type Caller,
  type RawAnswer,
  type T1Fixtures,
} from './security-world';

/**
 * Every route of ROUTES × operator (signed in at T1), supervisor (at T1), admin, finance and
 * anonymous over HTTP. Who may call what is written out by hand below, not read from the routes, and
 * checked against the permission matrix on its own: a route whose access changes fails one or both.
 */

type Role = Exclude<Caller, 'anonymous'>;
const [O, S, A, F] = ['operator', 'supervisor', 'admin', 'finance'] as const;

/** Route id → the roles allowed; `public`: anyone, signed in or not. */
const ALLOWED: Record<string, readonly Role[] | 'public'> = {
  createTransaction: [O, S, A],
  getTransaction: [O, S, A, F],
  completeTransaction: [O, S, A],
  cancelTransaction: [O, S, A],
  refundTransaction: [O, S, A],
  catalog: [O, S, A],
  streamTerminalEvents: [O, S, A, F],
  availability: [O, S, A, F],
  receiveStock: [S, A],
  adjustStock: [S, A],
  listDepartments: [S, A, F],
  createDepartment: [A],
  updateDepartment: [A],
  deleteDepartment: [A],
  listProducts: [S, A, F],
  createProduct: [A],
  updateProduct: [A],
  deleteProduct: [A],
  listTerminals: [S, A, F],
  listTerminalsWithToday: [S, A, F],
  createTerminal: [A],
  updateTerminal: [A],
  deleteTerminal: [A],
  issueTerminalCertificate: [A],
  listTerminalCertificates: [A],
  revokeTerminalCertificate: [A],
  terminalCaCertificate: [A],
  openShift: [O, S, A],
  closeShift: [O, S, A],
  shiftReport: [O, S, A, F],
  listShifts: [O, S, A, F],
  listDeadLetters: [A],
  replayDeadLetter: [A],
  discardDeadLetter: [A],
  runReconciliation: [F, A],
  getReconciliation: [F, A],
  login: 'public',
  refresh: 'public',
  logout: 'public',
  me: [O, S, A, F],
  listAudit: [A],
  storeToday: [S, A, F],
  listStock: [S, A, F],
  listReservations: [S, A, F],
  listStockMovements: [S, A, F],
  checkStockConsistency: [S, A],
  departmentSales: [F, A],
  salesByHour: [F, A],
  listReconciliations: [F, A],
  exportReconciliationCsv: [F, A],
  getPosTerminal: [O, S, A, F],
  findTransactionByReceipt: [O, S, A, F],
  voidTransaction: [O, S, A],
  getLoyaltyMember: [O, S, A],
  transactionTrace: [A, F],
};

interface Probe {
  /** Path with its parameters filled in, and the query. */
  path: string;
  body?: unknown;
  /** What an allowed caller gets: a success, or the refusal of a business rule (nothing to change). */
  allowed: number[];
}

const PASSWORD = 'matrix password 1';
let api: CheckoutPlatform;
let fixtures: T1Fixtures;
const unknownId = randomUUID();

/**
 * A syntactically valid request per route, on T1 where the route is a terminal's. Writes name what
 * does not exist or what the rules keep (409/422), so the sweep changes little.
 */
const PROBES: Record<string, () => Probe | Promise<Probe>> = {
  createTransaction: () => ({ path: '/pos/transactions', body: { terminalId: 'T1', lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }, allowed: [404] }),
  getTransaction: () => ({ path: `/pos/transactions/${fixtures.completedId}`, allowed: [200] }),
  completeTransaction: () => ({ path: `/pos/transactions/${fixtures.cancelledId}/complete`, body: { payments: [{ method: 'cash', amountMinor: 100 }] }, allowed: [409] }),
  cancelTransaction: () => ({ path: `/pos/transactions/${fixtures.completedId}/cancel`, body: {}, allowed: [409] }),
  refundTransaction: () => ({ path: `/pos/transactions/${fixtures.cancelledId}/refunds`, body: { lines: [{ sku: 'GRO-001', quantity: 1 }], reason: 'matrix' }, allowed: [409] }),
  catalog: () => ({ path: '/catalog/products?terminalId=T1', allowed: [200] }),
  streamTerminalEvents: () => ({ path: '/pos/terminals/T1/events', allowed: [200] }),
  availability: () => ({ path: '/inventory/availability?skus=GRO-001', allowed: [200] }),
  receiveStock: () => ({ path: '/inventory/receipts', body: { locationCode: 'NOWHERE', lines: [{ sku: 'GRO-001', quantity: 1 }] }, allowed: [404] }),
  adjustStock: () => ({ path: '/inventory/adjustments', body: { locationCode: 'MAIN', sku: 'NO-SUCH-SKU', delta: 1, reason: 'matrix' }, allowed: [404] }),
  listDepartments: () => ({ path: '/admin/departments', allowed: [200] }),
  createDepartment: () => ({ path: '/admin/departments', body: { code: 'GROCERY', name: 'Again' }, allowed: [409] }),
  updateDepartment: () => ({ path: '/admin/departments/NOWHERE', body: { name: 'Renamed' }, allowed: [404] }),
  deleteDepartment: () => ({ path: '/admin/departments/GROCERY', allowed: [409] }),
  listProducts: () => ({ path: '/admin/products', allowed: [200] }),
  createProduct: () => ({
    path: '/admin/products',
    body: { sku: 'GRO-001', barcode: null, name: 'Again', priceMinor: 100, taxRateBp: 700, departmentCode: 'GROCERY' },
    allowed: [409],
  }),
  updateProduct: () => ({ path: '/admin/products/NO-SUCH-SKU', body: { name: 'Renamed' }, allowed: [404] }),
  deleteProduct: () => ({ path: '/admin/products/GRO-001', allowed: [409] }),
  listTerminals: () => ({ path: '/admin/terminals', allowed: [200] }),
  listTerminalsWithToday: () => ({ path: '/api/admin/pos/terminals', allowed: [200] }),
  createTerminal: () => ({ path: '/admin/terminals', body: { id: 'T1', name: 'Again', departmentCode: 'GROCERY', vendor: 'simulator' }, allowed: [409] }),
  updateTerminal: () => ({ path: '/admin/terminals/NOWHERE', body: { name: 'Renamed' }, allowed: [404] }),
  deleteTerminal: () => ({ path: '/admin/terminals/NOWHERE', allowed: [404] }),
  issueTerminalCertificate: () => ({ path: '/admin/terminals/NOWHERE/certificates', body: {}, allowed: [404] }),
  listTerminalCertificates: () => ({ path: '/admin/terminals/T1/certificates', allowed: [200] }),
  revokeTerminalCertificate: () => ({ path: '/admin/terminals/T1/certificates/ABCDEF/revoke', body: { reason: 'matrix' }, allowed: [404] }),
  terminalCaCertificate: () => ({ path: '/admin/terminals/ca', allowed: [200] }),
  openShift: () => ({ path: '/pos/terminals/T1/shifts/open', body: { operatorId: 'matrix', openingFloatMinor: 0 }, allowed: [409] }),
  closeShift: () => ({ path: `/pos/terminals/T1/shifts/${unknownId}/close`, body: { countedCashMinor: 0 }, allowed: [404] }),
  shiftReport: () => ({ path: `/pos/terminals/T1/shifts/${fixtures.openShiftId}/report`, allowed: [200] }),
  listShifts: () => ({ path: '/pos/terminals/T1/shifts', allowed: [200] }),
  listDeadLetters: () => ({ path: '/admin/dlq', allowed: [200] }),
  replayDeadLetter: () => ({ path: `/admin/dlq/${unknownId}/replay`, body: {}, allowed: [404] }),
  discardDeadLetter: () => ({ path: `/admin/dlq/${unknownId}/discard`, body: { reason: 'matrix' }, allowed: [404] }),
  // The first allowed caller reconciles the day (nothing was sold then); later ones get it as it is.
  runReconciliation: () => ({ path: '/reports/reconciliations', body: { date: '2001-01-01' }, allowed: [200] }),
  getReconciliation: () => ({ path: '/reports/reconciliations/2001-01-01', allowed: [200] }),
  login: () => ({ path: '/auth/login', body: { username: 'matrix-user', password: PASSWORD }, allowed: [200] }),
  // Each caller spends a refresh token of its own: a spent one presented again would end the session.
  refresh: async () => {
    const session = await send('anonymous', 'POST', '/auth/login', { username: 'matrix-user', password: PASSWORD });
    expect(session.status, session.text).toBe(200);
    return { path: '/auth/refresh', body: { refreshToken: (JSON.parse(session.text) as { refreshToken: string }).refreshToken }, allowed: [200] };
  },
  logout: () => ({ path: '/auth/logout', body: { refreshToken: 'not-a-refresh-token' }, allowed: [204] }),
  me: () => ({ path: '/auth/me', allowed: [200] }),
  listAudit: () => ({ path: '/admin/audit?limit=5', allowed: [200] }),
  storeToday: () => ({ path: '/admin/store/today', allowed: [200] }),
  listStock: () => ({ path: '/admin/stock?department=GROCERY&limit=5', allowed: [200] }),
  listReservations: () => ({ path: '/admin/stock/reservations?location=MAIN', allowed: [200] }),
  listStockMovements: () => ({ path: '/admin/stock/movements?sku=GRO-001&limit=5', allowed: [200] }),
  checkStockConsistency: () => ({ path: '/admin/stock/consistency', allowed: [200] }),
  departmentSales: () => ({ path: '/reports/department-sales?from=2001-01-01&to=2001-01-02', allowed: [200] }),
  salesByHour: () => ({ path: '/reports/sales-by-hour?date=2001-01-01', allowed: [200] }),
  listReconciliations: () => ({ path: '/reports/reconciliations?from=2001-01-01&to=2001-01-31', allowed: [200] }),
  // The sweep's runReconciliation may have reconciled the day first.
  exportReconciliationCsv: () => ({ path: '/reports/reconciliations/2001-01-01/csv', allowed: [200, 404] }),
  getPosTerminal: () => ({ path: '/pos/terminals/T1', allowed: [200] }),
  findTransactionByReceipt: () => ({ path: '/pos/receipts/999999999', allowed: [404] }),
  voidTransaction: () => ({ path: `/pos/transactions/${fixtures.completedId}/void`, body: { reason: 'matrix' }, allowed: [409, 422] }),
  getLoyaltyMember: () => ({ path: '/pos/loyalty/members/C-1001', allowed: [200] }),
  transactionTrace: () => ({ path: `/admin/transactions/${fixtures.completedId}/trace`, allowed: [200] }),
};

function send(caller: Caller, method: string, path: string, body?: unknown): Promise<RawAnswer> {
  return rawRequest(api.base, {
    method,
    path,
    headers: {
      ...(caller === 'anonymous' ? {} : { Authorization: `Bearer ${TOKENS[caller]}` }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const isAllowed = (route: Route, caller: Caller) => {
  const allowed = ALLOWED[route.id]!;
  return allowed === 'public' || (caller !== 'anonymous' && allowed.includes(caller));
};

beforeAll(async () => {
  // The sweep signs in a dozen times from one address.
  api = await startCheckoutPlatform({ RATE_LIMIT_AUTH_PER_MINUTE: '1000' });
  fixtures = await t1Fixtures(api);
  await createTestUser(api, { username: 'matrix-user', displayName: 'Matrix', roles: ['finance'], password: PASSWORD });
}, 120_000);
afterAll(() => api?.stop());

describe('the hand-written table', () => {
  it('names every route of ROUTES, and no other', () => {
    expect(Object.keys(ALLOWED).sort()).toEqual(ROUTES.map((r) => r.id).sort());
    expect(Object.keys(PROBES).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it('agrees with the permission matrix (PERMISSIONS) for the permission each route names', () => {
    const disagreements = ROUTES.flatMap((route) => {
      const table = ALLOWED[route.id]!;
      const matrix =
        route.access === 'public' ? 'public' : route.access === 'signed_in' ? [O, S, A, F] : [...permissions.PERMISSIONS[route.access]];
      const same = table === 'public' || matrix === 'public' ? table === matrix : [...table].sort().join() === [...matrix].sort().join();
      return same ? [] : [`${route.id} (${route.access}): table ${String(table)}, matrix ${String(matrix)}`];
    });
    expect(disagreements).toEqual([]);
  });
});

describe('every route × every caller over HTTP', () => {
  it('lets each allowed caller through: never 401 or 403, and the expected answer', async () => {
    const failures: string[] = [];
    for (const route of ROUTES) {
      for (const caller of CALLERS.filter((c) => isAllowed(route, c))) {
        const probe = await PROBES[route.id]!();
        const answer = await send(caller, route.method, probe.path, probe.body);
        if ([401, 403].includes(answer.status) || !probe.allowed.includes(answer.status)) {
          failures.push(`${caller} ${route.method} ${probe.path} → ${answer.status} ${answer.text.slice(0, 200)} (expected ${probe.allowed.join('/')})`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses every other caller (403 forbidden naming the permission; anonymous 401) and changes nothing', async () => {
    const before = await settledFingerprint(api);
    const failures: string[] = [];
    let denied = 0;
    for (const route of ROUTES) {
      for (const caller of CALLERS.filter((c) => !isAllowed(route, c))) {
        denied += 1;
        const probe = await PROBES[route.id]!();
        const answer = await send(caller, route.method, probe.path, probe.body);
        const error = errorOf(answer);
        const what = `${caller} ${route.method} ${probe.path} → ${answer.status} ${answer.text.slice(0, 200)}`;
        if (caller === 'anonymous') {
          if (answer.status !== 401 || error?.code !== 'token_invalid' || answer.headers['www-authenticate'] !== 'Bearer') failures.push(what);
        } else if (answer.status !== 403 || error?.code !== 'forbidden' || error.details?.permission !== route.access) {
          failures.push(what);
        }
      }
    }
    expect(failures).toEqual([]);
    // 41 routes, 5 callers: the table denies well over a hundred requests.
    expect(denied).toBeGreaterThan(100);
    // Not even an Idempotency-Key or an audit entry: the refusal comes before anything is read.
    expect(changedTables(before, await fingerprint(api))).toEqual([]);
  });
});

describe('the same matrix inside the services (broker calls carrying meta.actor)', () => {
  it('refuses each guarded action to a caller whose roles lack its permission, and only to them', async () => {
    const actors: Record<Role, object> = {
      operator: { userId: randomUUID(), username: 'op', roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' },
      supervisor: { userId: randomUUID(), username: 'sup', roles: ['supervisor'], terminalId: 'T1', departmentCode: 'GROCERY' },
      admin: { userId: randomUUID(), username: 'adm', roles: ['admin'] },
      finance: { userId: randomUUID(), username: 'fin', roles: ['finance'] },
    };
    const failures: string[] = [];
    for (const [action, permission] of Object.entries(permissions.ACTION_PERMISSIONS)) {
      for (const role of [O, S, A, F]) {
        const allowed = (permissions.PERMISSIONS[permission] as readonly string[]).includes(role);
        // Empty params: an allowed caller gets a validation error (or a list), never a change.
        // Through a promise chain: the refusal may be thrown synchronously (see the test below).
        const outcome = await Promise.resolve()
          .then(() => api.node.broker.call(action, {}, { meta: { actor: actors[role] } }))
          .then(
            () => 'resolved',
            (error: { type?: string }) => error.type,
          );
        if (allowed === (outcome === 'forbidden')) failures.push(`${role} → ${action} (${permission}): ${outcome}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a refusal as a rejected promise, as every broker call does', async () => {
    const operator = { userId: randomUUID(), username: 'op', roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' };
    let call: Promise<unknown> | undefined;
    expect(() => {
      call = api.node.broker.call('inventory.receive', {}, { meta: { actor: operator } });
    }).not.toThrow();
    await expect(call).rejects.toMatchObject({ type: 'forbidden' });
  });
});
