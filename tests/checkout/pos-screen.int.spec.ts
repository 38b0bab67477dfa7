import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAccessToken } from '../../libs/platform/src/testing/index';
import { startCheckoutPlatform, type CheckoutPlatform, type HttpResult } from './checkout-api';

interface Transaction {
  id: string;
  lines: Array<{ sku: string; quantity: number; refundedQuantity: number }>;
  receiptNumber: number;
  status: string;
  terminalId: string;
  currency: string;
  totals: { totalMinor: number };
  statusHistory: Array<{ to: string; reason: string | null }>;
}
interface AuditList {
  entries: Array<{ action: string; entityId: string; terminalId: string | null; after: Record<string, unknown> }>;
}

const GROCERY_T1 = { terminalId: 'T1', departmentCode: 'GROCERY' };
const operatorAtT1 = testAccessToken({ roles: ['operator'], username: 'operator-grocery', ...GROCERY_T1 });
const supervisorAtT1 = testAccessToken({ roles: ['supervisor'], username: 'supervisor-grocery', ...GROCERY_T1 });
const homeSupervisor = testAccessToken({ roles: ['supervisor'], username: 'supervisor-home', terminalId: 'T3', departmentCode: 'HOME' });
const operatorAtT3 = testAccessToken({ roles: ['operator'], username: 'operator-home', terminalId: 'T3', departmentCode: 'HOME' });
const finance = testAccessToken({ roles: ['finance'], username: 'finance' });

let api: CheckoutPlatform;

beforeAll(async () => {
  api = await startCheckoutPlatform();
  const product = { sku: 'POS-1', barcode: '2000000000015', name: 'Screen test', priceMinor: 400, taxRateBp: 2000, departmentCode: 'GROCERY' };
  expect((await api.post('/admin/products', product)).status).toBe(201);
  expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku: 'POS-1', quantity: 20 }] })).status).toBe(201);
}, 120_000);
afterAll(() => api?.stop());

/** A POST with headers the shared client does not send (X-Approval-Token). */
async function postWith(token: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const response = await fetch(`${api.base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : {} };
}

async function reserveAtT1(): Promise<Transaction> {
  const reserved = await api.as(operatorAtT1).post<Transaction>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'POS-1', quantity: 1 }] });
  expect(reserved.status, reserved.text).toBe(201);
  return reserved.body;
}

const available = async () =>
  (await api.get<{ levels: Array<{ available: number }> }>('/inventory/availability?skus=POS-1')).body.levels[0]!.available;

describe('GET /pos/terminals/:id', () => {
  it("answers the bound terminal's record with its live status, and no other terminal to a terminal session", async () => {
    const own = await api.as(operatorAtT1).get<{ id: string; departmentCode: string; status: string }>('/pos/terminals/T1');
    expect(own.status, own.text).toBe(200);
    expect(own.body).toMatchObject({ id: 'T1', name: 'Grocery till 1', departmentCode: 'GROCERY' });
    expect(['online', 'offline', 'busy', 'error']).toContain(own.body.status);
    expect(await api.as(operatorAtT1).get('/pos/terminals/T2')).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden', details: { reason: 'other_terminal' } } },
    });
    expect((await api.as(finance).get('/pos/terminals/T2')).status).toBe(200);
    expect((await api.get('/pos/terminals/NOPE')).status).toBe(404);
  });
});

describe('GET /pos/receipts/:receiptNumber', () => {
  it('finds a sale by its receipt number at its own terminal, with its currency, for a refund', async () => {
    const sale = await reserveAtT1();
    const paid = await api.as(operatorAtT1).post<Transaction>(`/pos/transactions/${sale.id}/complete`, {
      payments: [{ method: 'cash', amountMinor: sale.totals.totalMinor }],
    });
    expect(paid.body.status, paid.text).toBe('completed');

    const found = await api.as(operatorAtT1).get<Transaction>(`/pos/receipts/${sale.receiptNumber}`);
    expect(found.status, found.text).toBe(200);
    expect(found.body).toMatchObject({ id: sale.id, receiptNumber: sale.receiptNumber, status: 'completed', currency: 'EUR' });

    const refund = await api.as(operatorAtT1).post<Transaction>(`/pos/transactions/${found.body.id}/refunds`, {
      lines: [{ sku: 'POS-1', quantity: 1 }],
      reason: 'customer changed their mind',
    });
    expect(refund.body.status, refund.text).toBe('refunded');
    expect(refund.body.lines).toEqual([expect.objectContaining({ sku: 'POS-1', quantity: 1, refundedQuantity: 1 })]);
  });

  it("refuses another terminal's receipt, an unknown number and a malformed one", async () => {
    const sale = await reserveAtT1();
    expect(await api.as(operatorAtT3).get(`/pos/receipts/${sale.receiptNumber}`)).toMatchObject({
      status: 403,
      body: { error: { details: { reason: 'other_terminal', terminalId: 'T1' } } },
    });
    expect(await api.get('/pos/receipts/999999999999')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await api.get('/pos/receipts/12a')).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect((await api.post(`/pos/transactions/${sale.id}/cancel`, {})).status).toBe(200);
  });
});

describe('POST /pos/transactions/:id/void', () => {
  it("refuses an override nobody approved, and keeps the reservation", async () => {
    const sale = await reserveAtT1();
    const refused = await postWith(operatorAtT1, `/pos/transactions/${sale.id}/void`, { reason: 'terminal broke' });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'override_needs_approval' } } });
    const otherDepartment = await postWith(operatorAtT1, `/pos/transactions/${sale.id}/void`, { reason: 'x' }, { 'X-Approval-Token': homeSupervisor });
    expect(otherDepartment).toMatchObject({ status: 403, body: { error: { details: { reason: 'approver_not_allowed' } } } });
    expect((await api.get<Transaction>(`/pos/transactions/${sale.id}`)).body.status).toBe('reserved');
    expect((await postWith(operatorAtT1, `/pos/transactions/${sale.id}/void`, { reason: '' })).status).toBe(400);
    expect((await api.post(`/pos/transactions/${sale.id}/cancel`, {})).status).toBe(200);
  });

  it("voids with a supervisor's approval token: stock back, reason and approver in the history and the audit trail", async () => {
    const before = await available();
    const sale = await reserveAtT1();
    expect(await available()).toBe(before - 1);
    const voided = await postWith(operatorAtT1, `/pos/transactions/${sale.id}/void`, { reason: 'card reader failed' }, { 'X-Approval-Token': supervisorAtT1 });
    expect(voided.status, voided.text).toBe(200);
    const view = voided.body as unknown as Transaction;
    expect(view.status).toBe('cancelled');
    expect(view.statusHistory.at(-1)).toMatchObject({ to: 'cancelled', reason: expect.stringContaining('card reader failed') });
    expect(view.statusHistory.at(-1)!.reason).toContain('supervisor-grocery');
    expect(await available()).toBe(before);

    const audit = await api.get<AuditList>(`/admin/audit?action=transaction.void&entityId=${sale.id}`);
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      terminalId: 'T1',
      after: { status: 'cancelled', override: { reason: 'card reader failed', approvedBy: 'supervisor-grocery' } },
    });
  });

  it('lets a signed-in supervisor void on their own approval', async () => {
    const sale = await reserveAtT1();
    const voided = await postWith(supervisorAtT1, `/pos/transactions/${sale.id}/void`, { reason: 'customer left' });
    expect(voided.status, voided.text).toBe(200);
    expect((voided.body as unknown as Transaction).statusHistory.at(-1)!.reason).toContain('customer left');
  });
});

describe('GET /pos/loyalty/members/:id', () => {
  it('answers a member with what their points can pay, 404 for an unknown one, and only to those who sell', async () => {
    const member = await api.as(operatorAtT1).get('/pos/loyalty/members/C-1001');
    expect(member.status, member.text).toBe(200);
    expect(member.body).toEqual({
      id: 'C-1001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      tier: 'silver',
      balancePoints: 1_200,
      lifetimePoints: expect.any(Number),
      pointValueMinor: 1,
      redeemableMinor: 1_200,
    });
    expect(await api.as(operatorAtT1).get('/pos/loyalty/members/C-9999')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await api.as(finance).get('/pos/loyalty/members/C-1001')).status).toBe(403);
  });
});
