import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { DeadLetterRepository, loginWithPassword, signAccessToken } from '@tillwire/platform';
import { expect } from 'vitest';
import { ADMIN_TOKEN, type CheckoutPlatform } from '../checkout/checkout-api';
import { authDeps, createTestUser, TEST_KEY } from './security-world';

/**
 * The hostile-request test's world: state every state-changing route could change, and for each
 * route a well-formed request that WOULD change it if the server let it through. A fuzzed request is
 * that request with one part broken, so "nothing changed" means the broken part was refused.
 */

export const FUZZ_PASSWORD = 'fuzzing password 1';

export interface HostileWorld {
  reserved: { id: string; totalMinor: number };
  completedId: string;
  t1ShiftId: string;
  deadLetterId: string;
  serial: string;
  refreshToken: string;
}

export async function hostileWorld(api: CheckoutPlatform): Promise<HostileWorld> {
  const sale = async () => {
    const created = await api.post<{ id: string; totals: { totalMinor: number } }>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] });
    expect(created.status, created.text).toBe(201);
    return { id: created.body.id, totalMinor: created.body.totals.totalMinor };
  };
  const reserved = await sale();
  const completed = await sale();
  expect((await api.post(`/pos/transactions/${completed.id}/complete`, { payments: [{ method: 'cash', amountMinor: completed.totalMinor }] })).status).toBe(200);
  const shiftOf = async (terminalId: string) =>
    (await api.get<{ shifts: Array<{ id: string }> }>(`/pos/terminals/${terminalId}/shifts?status=open`)).body.shifts[0]!.id;
  // T2's shift closed, so that opening one there would succeed.
  expect((await api.post(`/pos/terminals/T2/shifts/${await shiftOf('T2')}/close`, { countedCashMinor: 0 })).status).toBe(200);
  const issued = await api.post<{ certificate: { serialNumber: string } }>('/admin/terminals/T1/certificates', {});
  expect(issued.status, issued.text).toBe(201);
  const deadLetterId = await new DeadLetterRepository().insert(api.node.database.db.sql, {
    channel: 'security.hostile_probe',
    payload: { n: 1 },
    headers: {},
    reason: 'probe',
    attempts: 3,
    firstFailedAt: new Date(),
  });
  // What a delete that got through would remove: a department and a product nothing uses.
  expect((await api.post('/admin/departments', { code: 'FUZZDEL', name: 'Deletable' })).status).toBe(201);
  const product = { sku: 'FUZ-DEL', barcode: null, name: 'Deletable', priceMinor: 100, taxRateBp: 700, departmentCode: 'GROCERY' };
  expect((await api.post('/admin/products', product)).status).toBe(201);
  await createTestUser(api, { username: 'fuzz-user', displayName: 'Fuzz', roles: ['finance'], password: FUZZ_PASSWORD });
  const session = await loginWithPassword(authDeps(api), { username: 'fuzz-user', password: FUZZ_PASSWORD });
  if (!session.ok) throw new Error(JSON.stringify(session.failure));
  return {
    reserved,
    completedId: completed.id,
    t1ShiftId: await shiftOf('T1'),
    deadLetterId,
    serial: issued.body.certificate.serialNumber,
    refreshToken: session.value.refreshToken,
  };
}

export interface ValidRequest {
  path: string;
  body?: unknown;
}

/** Route id → a request an admin could make successfully, changing something when the route writes. */
export const VALID: Record<string, (w: HostileWorld) => ValidRequest> = {
  createTransaction: () => ({ path: '/pos/transactions', body: { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] } }),
  getTransaction: (w) => ({ path: `/pos/transactions/${w.reserved.id}` }),
  completeTransaction: (w) => ({ path: `/pos/transactions/${w.reserved.id}/complete`, body: { payments: [{ method: 'cash', amountMinor: w.reserved.totalMinor }] } }),
  cancelTransaction: (w) => ({ path: `/pos/transactions/${w.reserved.id}/cancel`, body: {} }),
  refundTransaction: (w) => ({ path: `/pos/transactions/${w.completedId}/refunds`, body: { lines: [{ sku: 'GRO-001', quantity: 1 }], reason: 'fuzz' } }),
  catalog: () => ({ path: '/catalog/products?terminalId=T1' }),
  streamTerminalEvents: () => ({ path: '/pos/terminals/T1/events' }),
  availability: () => ({ path: '/inventory/availability?skus=GRO-001' }),
  receiveStock: () => ({ path: '/inventory/receipts', body: { locationCode: 'MAIN', lines: [{ sku: 'GRO-001', quantity: 1 }] } }),
  adjustStock: () => ({ path: '/inventory/adjustments', body: { locationCode: 'MAIN', sku: 'GRO-001', delta: 1, reason: 'fuzz' } }),
  listDepartments: () => ({ path: '/admin/departments' }),
  createDepartment: () => ({ path: '/admin/departments', body: { code: 'FUZZ', name: 'Fuzz' } }),
  updateDepartment: () => ({ path: '/admin/departments/GROCERY', body: { name: 'Fuzzed' } }),
  deleteDepartment: () => ({ path: '/admin/departments/FUZZDEL' }),
  listProducts: () => ({ path: '/admin/products' }),
  createProduct: () => ({ path: '/admin/products', body: { sku: 'FUZ-001', barcode: null, name: 'Fuzz', priceMinor: 100, taxRateBp: 700, departmentCode: 'GROCERY' } }),
  updateProduct: () => ({ path: '/admin/products/GRO-001', body: { name: 'Fuzzed' } }),
  deleteProduct: () => ({ path: '/admin/products/FUZ-DEL' }),
  listTerminals: () => ({ path: '/admin/terminals' }),
  listTerminalsWithToday: () => ({ path: '/api/admin/pos/terminals' }),
  createTerminal: () => ({ path: '/admin/terminals', body: { id: 'FUZZ1', name: 'Fuzz', departmentCode: 'GROCERY', vendor: 'nexo' } }),
  updateTerminal: () => ({ path: '/admin/terminals/T1', body: { name: 'Fuzzed' } }),
  deleteTerminal: () => ({ path: '/admin/terminals/T6' }),
  issueTerminalCertificate: () => ({ path: '/admin/terminals/T1/certificates', body: {} }),
  listTerminalCertificates: () => ({ path: '/admin/terminals/T1/certificates' }),
  revokeTerminalCertificate: (w) => ({ path: `/admin/terminals/T1/certificates/${w.serial}/revoke`, body: { reason: 'fuzz' } }),
  terminalCaCertificate: () => ({ path: '/admin/terminals/ca' }),
  openShift: () => ({ path: '/pos/terminals/T2/shifts/open', body: { operatorId: 'fuzz', openingFloatMinor: 0 } }),
  closeShift: (w) => ({ path: `/pos/terminals/T1/shifts/${w.t1ShiftId}/close`, body: { countedCashMinor: 0 } }),
  shiftReport: (w) => ({ path: `/pos/terminals/T1/shifts/${w.t1ShiftId}/report` }),
  listShifts: () => ({ path: '/pos/terminals/T1/shifts' }),
  listDeadLetters: () => ({ path: '/admin/dlq' }),
  replayDeadLetter: (w) => ({ path: `/admin/dlq/${w.deadLetterId}/replay`, body: {} }),
  discardDeadLetter: (w) => ({ path: `/admin/dlq/${w.deadLetterId}/discard`, body: { reason: 'fuzz' } }),
  runReconciliation: () => ({ path: '/reports/reconciliations', body: { date: '2001-01-01' } }),
  getReconciliation: () => ({ path: '/reports/reconciliations/2001-01-01' }),
  login: () => ({ path: '/auth/login', body: { username: 'fuzz-user', password: FUZZ_PASSWORD } }),
  refresh: (w) => ({ path: '/auth/refresh', body: { refreshToken: w.refreshToken } }),
  logout: (w) => ({ path: '/auth/logout', body: { refreshToken: w.refreshToken } }),
  me: () => ({ path: '/auth/me' }),
  listAudit: () => ({ path: '/admin/audit' }),
  storeToday: () => ({ path: '/admin/store/today' }),
  listStock: () => ({ path: '/admin/stock?department=GROCERY&limit=5' }),
  listReservations: () => ({ path: '/admin/stock/reservations?location=MAIN' }),
  listStockMovements: () => ({ path: '/admin/stock/movements?sku=GRO-001&limit=5' }),
  checkStockConsistency: () => ({ path: '/admin/stock/consistency' }),
  departmentSales: () => ({ path: '/reports/department-sales?from=2001-01-01&to=2001-01-02' }),
  salesByHour: () => ({ path: '/reports/sales-by-hour?date=2001-01-01' }),
  listReconciliations: () => ({ path: '/reports/reconciliations?from=2001-01-01&to=2001-01-31' }),
  exportReconciliationCsv: () => ({ path: '/reports/reconciliations/2001-01-01/csv' }),
  getPosTerminal: () => ({ path: '/pos/terminals/T1' }),
  findTransactionByReceipt: () => ({ path: '/pos/receipts/1' }),
  voidTransaction: (w) => ({ path: `/pos/transactions/${w.reserved.id}/void`, body: { reason: 'fuzz' } }),
  getLoyaltyMember: () => ({ path: '/pos/loyalty/members/C-1001' }),
  transactionTrace: (w) => ({ path: `/admin/transactions/${w.completedId}/trace` }),
};

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (iat: number) => ({ sub: randomUUID(), username: 'mallory', roles: ['admin'], iat, exp: iat + 3_600, jti: randomUUID() });

/** Authorization header values that must be refused (undefined: none at all), and the code each gets. */
export function badAuthorizations(): Array<{ name: string; value: string | undefined; code: 'token_invalid' | 'token_expired' }> {
  const now = Math.floor(Date.now() / 1000);
  const [header, payload, signature] = ADMIN_TOKEN.split('.') as [string, string, string];
  const subject = { sub: randomUUID(), username: 'mallory', roles: ['admin' as const] };
  const otherKey = createSecretKey(randomBytes(32));
  const invalid = (name: string, value: string | undefined) => ({ name, value, code: 'token_invalid' as const });
  return [
    invalid('missing', undefined),
    invalid('empty', ''),
    invalid('Bearer alone', 'Bearer'),
    invalid('Bearer x.y.z', 'Bearer x.y.z'),
    invalid('another scheme', 'Basic YWRtaW46YWRtaW4='),
    invalid('the token without a scheme', ADMIN_TOKEN),
    invalid('two tokens', `Bearer ${ADMIN_TOKEN} ${ADMIN_TOKEN}`),
    invalid('signed with another key', `Bearer ${signAccessToken(otherKey, subject, { ttlSeconds: 600 }).token}`),
    invalid('alg none, no signature', `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims(now))}.`),
    invalid('alg none, the old signature', `Bearer ${encode({ alg: 'none', typ: 'JWT' })}.${payload}.${signature}`),
    invalid('alg HS512 header', `Bearer ${encode({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`),
    invalid('payload swapped', `Bearer ${header}.${encode(claims(now))}.${signature}`),
    invalid('signature cut', `Bearer ${header}.${payload}.${signature.slice(0, -2)}`),
    invalid('Latin-1 garbage', 'Bearer \u00ff\u00fe\u00e9'),
    invalid('huge (8 KB)', `Bearer ${'a'.repeat(8_000)}`),
    invalid('huge token of valid shape', `Bearer ${header}.${'A'.repeat(6_000)}.${signature}`),
    { name: 'expired', value: `Bearer ${signAccessToken(TEST_KEY, subject, { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) }).token}`, code: 'token_expired' },
  ];
}
