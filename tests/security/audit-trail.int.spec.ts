import { randomUUID } from 'node:crypto';
import { DeadLetterRepository, verifyAuditChain } from '@tillwire/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAccessToken } from '../../libs/platform/src/testing/index';
import { ROUTES } from '../../services/api/src/http/routes';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import { claimsOf, expectError, rawRequest, TOKENS, type RawAnswer } from './security-world';

/**
 * Every state-changing route (each POST, PUT and DELETE but /auth/*) once, successfully, in a small
 * scenario: each writes exactly one audit entry naming its actor, action and entity; a replay or a
 * refusal writes none; the hash chain verifies, and a row altered behind its back is found.
 */

type Who = keyof typeof TOKENS;
interface Entry {
  id: string;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  terminal_id: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

let api: CheckoutPlatform;
const covered = new Set<string>();
const sql = () => api.node.database.db.sql;

function send(who: Who, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawRequest(api.base, {
    method,
    path,
    headers: {
      Authorization: `Bearer ${TOKENS[who]}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const lastId = async () => (await sql().query<{ id: string | null }>('SELECT max(id)::text AS id FROM platform.audit_log'))[0]?.id ?? '0';
const entriesAfter = (id: string) =>
  sql().query<Entry>(
    `SELECT id::text, actor_id, actor_role, action, entity_type, entity_id, terminal_id, ip, before, after
       FROM platform.audit_log WHERE id > $1::bigint ORDER BY id`,
    [id],
  );

/**
 * Sends one request as `who` for route `routeId` and expects `status` and exactly one new entry:
 * `action` on `entity` (type/id, the id from the answer when a function) by that user.
 */
async function audited<T = Record<string, unknown>>(
  routeId: string,
  who: Who,
  request: { method: string; path: string; body?: unknown; status: number },
  action: string,
  entity: [string, string | ((answer: T) => string)],
): Promise<{ answer: T; entry: Entry }> {
  const from = await lastId();
  const answer = await send(who, request.method, request.path, request.body);
  expect(answer.status, `${routeId}: ${answer.text.slice(0, 300)}`).toBe(request.status);
  const body = (answer.text ? JSON.parse(answer.text) : {}) as T;
  const entries = await entriesAfter(from);
  expect(entries.map((e) => e.action), routeId).toEqual([action]);
  const claims = claimsOf(TOKENS[who]);
  const entityId = typeof entity[1] === 'function' ? entity[1](body) : entity[1];
  expect(entries[0], routeId).toMatchObject({
    actor_id: claims.sub,
    actor_role: claims.roles.join(','),
    entity_type: entity[0],
    entity_id: entityId,
    terminal_id: claims.terminalId ?? null,
    ip: expect.stringMatching(/127\.0\.0\.1$/),
  });
  covered.add(routeId);
  return { answer: body, entry: entries[0]! };
}

interface Sale {
  id: string;
  totals: { totalMinor: number };
}

beforeAll(async () => {
  api = await startCheckoutPlatform();
}, 120_000);
afterAll(() => api?.stop());

describe('one audit entry per state change, with its actor', () => {
  it('catalog: a department, product and terminal created, changed, given a certificate and deleted', async () => {
    const dept = '/admin/departments/SECAUD';
    await audited('createDepartment', 'admin', { method: 'POST', path: '/admin/departments', body: { code: 'SECAUD', name: 'Audit' }, status: 201 }, 'department.create', ['department', 'SECAUD']);
    const renamed = await audited('updateDepartment', 'admin', { method: 'PUT', path: dept, body: { name: 'Audited' }, status: 200 }, 'department.update', ['department', 'SECAUD']);
    expect(renamed.entry).toMatchObject({ before: { code: 'SECAUD', name: 'Audit' }, after: { code: 'SECAUD', name: 'Audited' } });

    const product = { sku: 'SEC-001', barcode: null, name: 'Audit probe', priceMinor: 250, taxRateBp: 700, departmentCode: 'SECAUD' };
    await audited('createProduct', 'admin', { method: 'POST', path: '/admin/products', body: product, status: 201 }, 'product.create', ['product', 'SEC-001']);
    await audited('updateProduct', 'admin', { method: 'PUT', path: '/admin/products/SEC-001', body: { priceMinor: 300 }, status: 200 }, 'product.update', ['product', 'SEC-001']);

    const terminal = { id: 'SEC1', name: 'Audit till', departmentCode: 'SECAUD', vendor: 'nexo' };
    await audited('createTerminal', 'admin', { method: 'POST', path: '/admin/terminals', body: terminal, status: 201 }, 'terminal.create', ['terminal', 'SEC1']);
    await audited('updateTerminal', 'admin', { method: 'PUT', path: '/admin/terminals/SEC1', body: { name: 'Audit till 1' }, status: 200 }, 'terminal.update', ['terminal', 'SEC1']);
    const issued = await audited<{ certificate: { serialNumber: string }; privateKeyPem: string }>(
      'issueTerminalCertificate', 'admin', { method: 'POST', path: '/admin/terminals/SEC1/certificates', body: {}, status: 201 }, 'certificate.issue', ['terminal', 'SEC1'],
    );
    // The key is shown once, to the caller: never in the audit trail.
    expect(JSON.stringify(issued.entry)).not.toContain('PRIVATE KEY');
    const serial = issued.answer.certificate.serialNumber;
    await audited('revokeTerminalCertificate', 'admin', { method: 'POST', path: `/admin/terminals/SEC1/certificates/${serial}/revoke`, body: { reason: 'audit' }, status: 200 }, 'certificate.revoke', ['certificate', serial]);

    await audited('deleteProduct', 'admin', { method: 'DELETE', path: '/admin/products/SEC-001', status: 204 }, 'product.delete', ['product', 'SEC-001']);
    await audited('deleteTerminal', 'admin', { method: 'DELETE', path: '/admin/terminals/SEC1', status: 204 }, 'terminal.delete', ['terminal', 'SEC1']);
    const deleted = await audited('deleteDepartment', 'admin', { method: 'DELETE', path: dept, status: 204 }, 'department.delete', ['department', 'SECAUD']);
    expect(deleted.entry.before).toMatchObject({ code: 'SECAUD', name: 'Audited' });
  });

  it('stock: a receipt and an adjustment by a supervisor', async () => {
    const receipt = { locationCode: 'MAIN', lines: [{ sku: 'GRO-003', quantity: 5 }], reference: 'PO-1' };
    await audited('receiveStock', 'supervisor', { method: 'POST', path: '/inventory/receipts', body: receipt, status: 201 }, 'stock.receive', ['location', 'MAIN']);
    const adjustment = { locationCode: 'MAIN', sku: 'GRO-003', delta: -1, reason: 'breakage' };
    await audited('adjustStock', 'supervisor', { method: 'POST', path: '/inventory/adjustments', body: adjustment, status: 201 }, 'stock.adjust', ['stock', 'MAIN/GRO-003']);
  });

  it('POS: an operator at T1 sells, is paid, refunds, cancels, and closes and opens the shift', async () => {
    const sale = { terminalId: 'T1', lines: [{ sku: 'GRO-003', quantity: 2 }] };
    const byId = (answer: Sale) => answer.id;
    const { answer: sold } = await audited<Sale>('createTransaction', 'operator', { method: 'POST', path: '/pos/transactions', body: sale, status: 201 }, 'transaction.create', ['transaction', byId]);
    const pay = { payments: [{ method: 'cash', amountMinor: sold.totals.totalMinor }] };
    await audited('completeTransaction', 'operator', { method: 'POST', path: `/pos/transactions/${sold.id}/complete`, body: pay, status: 200 }, 'transaction.complete', ['transaction', sold.id]);
    const refund = { lines: [{ sku: 'GRO-003', quantity: 1 }], reason: 'damaged' };
    await audited('refundTransaction', 'operator', { method: 'POST', path: `/pos/transactions/${sold.id}/refunds`, body: refund, status: 201 }, 'transaction.refund', ['transaction', sold.id]);
    const { answer: second } = await audited<Sale>('createTransaction', 'operator', { method: 'POST', path: '/pos/transactions', body: sale, status: 201 }, 'transaction.create', ['transaction', byId]);
    await audited('cancelTransaction', 'operator', { method: 'POST', path: `/pos/transactions/${second.id}/cancel`, body: {}, status: 200 }, 'transaction.cancel', ['transaction', second.id]);
    const { answer: third } = await audited<Sale>('createTransaction', 'supervisor', { method: 'POST', path: '/pos/transactions', body: sale, status: 201 }, 'transaction.create', ['transaction', byId]);
    const override = { reason: 'customer left' };
    await audited('voidTransaction', 'supervisor', { method: 'POST', path: `/pos/transactions/${third.id}/void`, body: override, status: 200 }, 'transaction.void', ['transaction', third.id]);

    const open = await api.get<{ shifts: Array<{ id: string }> }>('/pos/terminals/T1/shifts?status=open');
    const shiftId = open.body.shifts[0]!.id;
    await audited('closeShift', 'operator', { method: 'POST', path: `/pos/terminals/T1/shifts/${shiftId}/close`, body: { countedCashMinor: 0 }, status: 200 }, 'shift.close', ['shift', shiftId]);
    const opening = { operatorId: 'operator-t1', openingFloatMinor: 5_000 };
    await audited<{ id: string }>('openShift', 'operator', { method: 'POST', path: '/pos/terminals/T1/shifts/open', body: opening, status: 201 }, 'shift.open', ['shift', (a) => a.id]);
  });

  it('admin and finance: a dead letter replayed and one discarded, a day reconciled', async () => {
    const letters = new DeadLetterRepository();
    const letter = () => letters.insert(sql(), { channel: 'security.audit_probe', payload: { n: 1 }, headers: {}, reason: 'probe', attempts: 3, firstFailedAt: new Date() });
    const [replayed, discarded] = [await letter(), await letter()];
    await audited('replayDeadLetter', 'admin', { method: 'POST', path: `/admin/dlq/${replayed}/replay`, body: {}, status: 200 }, 'dead_letter.replay', ['dead_letter', replayed]);
    await audited('discardDeadLetter', 'admin', { method: 'POST', path: `/admin/dlq/${discarded}/discard`, body: { reason: 'not needed' }, status: 200 }, 'dead_letter.discard', ['dead_letter', discarded]);
    await audited('runReconciliation', 'finance', { method: 'POST', path: '/reports/reconciliations', body: { date: '2001-01-01' }, status: 200 }, 'reconciliation.run', ['business_day', '2001-01-01']);
  });

  it('covered every state-changing route of ROUTES', () => {
    const stateChanging = ROUTES.filter((r) => r.method !== 'GET' && !r.path.startsWith('/auth/')).map((r) => r.id);
    expect([...covered].sort()).toEqual(stateChanging.sort());
  });

  it('names the supervisor who approved a discount above the threshold', async () => {
    const approver = testAccessToken({ roles: ['supervisor'], username: 'approving-supervisor', departmentCode: 'GROCERY' });
    const from = await lastId();
    const discounted = { terminalId: 'T1', lines: [{ sku: 'GRO-004', quantity: 1 }], discount: { type: 'percent', value: 30 } };
    const answer = await send('operator', 'POST', '/pos/transactions', discounted, { 'X-Approval-Token': approver });
    expect(answer.status, answer.text).toBe(201);
    const entries = await entriesAfter(from);
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).toContain('approving-supervisor');
  });
});

describe('no entry without a change', () => {
  it('writes none for an idempotent replay of a POST', async () => {
    const key = randomUUID();
    const body = JSON.stringify({ terminalId: 'T1', lines: [{ sku: 'GRO-005', quantity: 1 }] });
    const headers = { Authorization: `Bearer ${TOKENS.operator}`, 'Content-Type': 'application/json', 'Idempotency-Key': key };
    const first = await rawRequest(api.base, { method: 'POST', path: '/pos/transactions', headers, body });
    expect(first.status, first.text).toBe(201);
    const from = await lastId();
    const replay = await rawRequest(api.base, { method: 'POST', path: '/pos/transactions', headers, body });
    expect({ status: replay.status, text: replay.text }).toEqual({ status: first.status, text: first.text });
    expect(await entriesAfter(from)).toEqual([]);
  });

  it('writes none for a refused request: 403, 400, or a business rule', async () => {
    const from = await lastId();
    expectError(await send('finance', 'POST', '/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] }), 403, 'forbidden');
    expectError(await send('operator', 'POST', '/pos/transactions', { terminalId: 'T3', lines: [{ sku: 'HOM-001', quantity: 1 }] }), 403, 'forbidden');
    expectError(await send('admin', 'POST', '/admin/departments', { code: 'lower case', name: '' }), 400, 'validation_failed');
    expectError(await send('admin', 'PUT', '/admin/departments/NOWHERE', { name: 'Nothing' }), 404, 'not_found');
    expectError(await send('admin', 'DELETE', '/admin/departments/GROCERY'), 409, 'invalid_state');
    expect(await entriesAfter(from)).toEqual([]);
  });
});

describe('the hash chain', () => {
  it('lists transaction entries newest first for an admin (GET /admin/audit), and refuses finance', async () => {
    const listed = await api.get<{ entries: Array<{ id: string; action: string }> }>('/admin/audit?action=transaction.&limit=4');
    expect(listed.status, listed.text).toBe(200);
    const ids = listed.body.entries.map((e) => Number(e.id));
    expect(ids).toHaveLength(4);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(listed.body.entries.every((e) => e.action.startsWith('transaction.'))).toBe(true);
    const [newest] = await sql().query<{ id: string }>("SELECT max(id)::text AS id FROM platform.audit_log WHERE action LIKE 'transaction.%'");
    expect(listed.body.entries[0]!.id).toBe(newest!.id);
    expectError(await api.as(TOKENS.finance).get('/admin/audit?action=transaction.'), 403, 'forbidden');
  });

  it('verifies, reports a row altered behind its back, and verifies again once it is restored', async () => {
    const clean = await verifyAuditChain(sql());
    expect(clean).toMatchObject({ ok: true });
    expect(clean.checked).toBeGreaterThanOrEqual(covered.size);

    const [victim] = await sql().query<{ id: string; entity_id: string }>("SELECT id::text, entity_id FROM platform.audit_log WHERE action = 'transaction.refund' LIMIT 1");
    const tamper = (entityId: string) =>
      sql().exec(`ALTER TABLE platform.audit_log DISABLE TRIGGER USER;
        UPDATE platform.audit_log SET entity_id = '${entityId}' WHERE id = ${victim!.id};
        ALTER TABLE platform.audit_log ENABLE TRIGGER USER;`);
    await tamper('00000000-0000-0000-0000-000000000000');
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: false, firstBroken: { id: victim!.id, reason: 'hash_mismatch' } });
    await tamper(victim!.entity_id);
    expect(await verifyAuditChain(sql())).toMatchObject({ ok: true });
  });
});
