import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAccessToken } from '../../libs/platform/src/testing/index';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';
import { expectError, rawRequest, TOKENS, type RawAnswer } from './security-world';

/**
 * A session signed in at a terminal acts on that terminal only, whatever names the terminal (the
 * body, a transaction made there, the path); an operator or supervisor without one acts on none.
 * Discounts above DISCOUNT_APPROVAL_THRESHOLD_BP (10 %) need a supervisor of the department.
 */

interface Sale {
  id: string;
  status: string;
  totals: { totalMinor: number; discountMinor: number };
}

let api: CheckoutPlatform;
/** Made on T3 (HOME) by the admin: one reserved, one completed. */
let t3Reserved: Sale;
let t3Completed: Sale;
let t3ShiftId: string;

const OPERATOR = TOKENS.operator;
const UNBOUND_OPERATOR = testAccessToken({ roles: ['operator'], username: 'operator-nowhere', departmentCode: 'GROCERY' });
const UNBOUND_SUPERVISOR = testAccessToken({ roles: ['supervisor'], username: 'supervisor-nowhere', departmentCode: 'GROCERY' });
const GROCERY_SUPERVISOR = testAccessToken({ roles: ['supervisor'], username: 'supervisor-grocery', terminalId: 'T2', departmentCode: 'GROCERY' });
const HOME_SUPERVISOR = testAccessToken({ roles: ['supervisor'], username: 'supervisor-home', terminalId: 'T3', departmentCode: 'HOME' });
const OTHER_OPERATOR = testAccessToken({ roles: ['operator'], username: 'operator-t2', terminalId: 'T2', departmentCode: 'GROCERY' });

function send(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawRequest(api.base, {
    method,
    path,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const json = <T>(answer: RawAnswer) => JSON.parse(answer.text) as T;

async function adminSale(terminalId: string, sku: string): Promise<Sale> {
  const created = await api.post<Sale>('/pos/transactions', { terminalId, lines: [{ sku, quantity: 1 }] });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

beforeAll(async () => {
  api = await startCheckoutPlatform();
  t3Reserved = await adminSale('T3', 'HOM-001');
  const sold = await adminSale('T3', 'HOM-002');
  const paid = await api.post<Sale>(`/pos/transactions/${sold.id}/complete`, { payments: [{ method: 'cash', amountMinor: sold.totals.totalMinor }] });
  expect(paid.status, paid.text).toBe(200);
  t3Completed = paid.body;
  const shifts = await api.get<{ shifts: Array<{ id: string }> }>('/pos/terminals/T3/shifts?status=open');
  t3ShiftId = shifts.body.shifts[0]!.id;
}, 120_000);
afterAll(() => api?.stop());

const otherTerminal = (answer: RawAnswer, what: string) => {
  const error = expectError(answer, 403, 'forbidden', what);
  expect(error.details, what).toMatchObject({ reason: 'other_terminal', terminalId: 'T3' });
};

describe('an operator signed in at T1', () => {
  it('sells, reads and pays on T1', async () => {
    const created = await send(OPERATOR, 'POST', '/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] });
    expect(created.status, created.text).toBe(201);
    const sale = json<Sale>(created);
    expect((await send(OPERATOR, 'GET', `/pos/transactions/${sale.id}`)).status).toBe(200);
    const paid = await send(OPERATOR, 'POST', `/pos/transactions/${sale.id}/complete`, { payments: [{ method: 'cash', amountMinor: sale.totals.totalMinor }] });
    expect(paid.status, paid.text).toBe(200);
    expect((await send(OPERATOR, 'GET', '/catalog/products?terminalId=T1')).status).toBe(200);
  });

  it.each([
    ['a sale on T3 (body)', 'POST', '/pos/transactions', { terminalId: 'T3', lines: [{ sku: 'HOM-001', quantity: 1 }] }],
    ["T3's menu", 'GET', '/catalog/products?terminalId=T3', undefined],
    ["T3's shifts", 'GET', '/pos/terminals/T3/shifts', undefined],
    ['a shift on T3', 'POST', '/pos/terminals/T3/shifts/open', { operatorId: 'intruder', openingFloatMinor: 0 }],
    ["T3's shift report", 'GET', () => `/pos/terminals/T3/shifts/${t3ShiftId}/report`, undefined],
    ["closing T3's shift", 'POST', () => `/pos/terminals/T3/shifts/${t3ShiftId}/close`, { countedCashMinor: 0 }],
    ["T3's event stream", 'GET', '/pos/terminals/T3/events', undefined],
  ])('is refused %s (403 other_terminal)', async (what, method, path, body) => {
    otherTerminal(await send(OPERATOR, method, typeof path === 'function' ? path() : path, body), what);
  });

  it('is refused reading, completing, cancelling and refunding sales made on T3, which stay as they were', async () => {
    otherTerminal(await send(OPERATOR, 'GET', `/pos/transactions/${t3Reserved.id}`), 'read');
    const pay = { payments: [{ method: 'cash', amountMinor: t3Reserved.totals.totalMinor }] };
    otherTerminal(await send(OPERATOR, 'POST', `/pos/transactions/${t3Reserved.id}/complete`, pay), 'complete');
    otherTerminal(await send(OPERATOR, 'POST', `/pos/transactions/${t3Reserved.id}/cancel`, {}), 'cancel');
    const refund = { lines: [{ sku: 'HOM-002', quantity: 1 }], reason: 'not mine' };
    otherTerminal(await send(OPERATOR, 'POST', `/pos/transactions/${t3Completed.id}/refunds`, refund), 'refund');

    expect((await api.get<Sale>(`/pos/transactions/${t3Reserved.id}`)).body.status).toBe('reserved');
    expect((await api.get<Sale>(`/pos/transactions/${t3Completed.id}`)).body.status).toBe('completed');
    const shifts = await api.get<{ shifts: Array<{ id: string }> }>('/pos/terminals/T3/shifts?status=open');
    expect(shifts.body.shifts.map((s) => s.id)).toEqual([t3ShiftId]);
  });

  it('is refused a sale on T3 that this API never answered, and allowed one on T1', async () => {
    const made = (terminalId: string, sku: string) =>
      api.node.broker.call<Sale, object>('transactions.create', { terminalId, lines: [{ sku, quantity: 1 }], transactionId: randomUUID() });
    const [onT3, onT1] = await Promise.all([made('T3', 'HOM-003'), made('T1', 'GRO-002')]);
    otherTerminal(await send(OPERATOR, 'POST', `/pos/transactions/${onT3.id}/cancel`, {}), 'cancel a sale made elsewhere');
    expect((await api.get<Sale>(`/pos/transactions/${onT3.id}`)).body.status).toBe('reserved');
    const cancelled = await send(OPERATOR, 'POST', `/pos/transactions/${onT1.id}/cancel`, {});
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(json<Sale>(cancelled).status).toBe('cancelled');
  });

  it('is refused on T3 by the service too, when a broker call names T3 for it', async () => {
    const actor = { userId: randomUUID(), username: 'operator-t1', roles: ['operator'], terminalId: 'T1', departmentCode: 'GROCERY' };
    const refusal = await Promise.resolve()
      .then(() => api.node.broker.call('transactions.listShifts', { terminalId: 'T3' }, { meta: { actor } }))
      .catch((error: { type?: string; data?: unknown }) => error);
    expect(refusal).toMatchObject({ type: 'forbidden', data: { reason: 'other_terminal', terminalId: 'T3' } });
  });

  it('gets the same refusal as a supervisor signed in at T1', async () => {
    otherTerminal(await send(TOKENS.supervisor, 'GET', `/pos/transactions/${t3Reserved.id}`), 'supervisor read');
    otherTerminal(await send(TOKENS.supervisor, 'GET', '/pos/terminals/T3/shifts'), 'supervisor shifts');
  });
});

describe('operators and supervisors without a terminal session', () => {
  it.each([
    ['operator', UNBOUND_OPERATOR],
    ['supervisor', UNBOUND_SUPERVISOR],
  ])('a(n) %s acts on no terminal (403 no_terminal_session) but may use routes of no terminal', async (_who, token) => {
    const refusals = [
      await send(token, 'POST', '/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }] }),
      await send(token, 'GET', `/pos/transactions/${t3Reserved.id}`),
      await send(token, 'GET', '/pos/terminals/T1/shifts'),
      await send(token, 'GET', '/catalog/products?terminalId=T1'),
    ];
    for (const refusal of refusals) expect(expectError(refusal, 403, 'forbidden').details).toMatchObject({ reason: 'no_terminal_session' });
    expect((await send(token, 'GET', '/inventory/availability?skus=GRO-001')).status).toBe(200);
  });

  it('admins and finance are bound to no terminal', async () => {
    expect((await send(TOKENS.finance, 'GET', `/pos/transactions/${t3Reserved.id}`)).status).toBe(200);
    expect((await send(TOKENS.admin, 'GET', '/pos/terminals/T3/shifts')).status).toBe(200);
  });
});

describe('a discount above the approval threshold (10 %)', () => {
  const sale = (discount: object) => ({ terminalId: 'T1', lines: [{ sku: 'GRO-002', quantity: 2 }], discount });
  const twenty = { type: 'percent', value: 20 };

  it('is refused to an operator alone, whatever approver the body names (422 discount_needs_approval)', async () => {
    expectError(await send(OPERATOR, 'POST', '/pos/transactions', sale(twenty)), 422, 'discount_needs_approval');
    const forged = sale({ ...twenty, approvedBy: 'supervisor-grocery' });
    expectError(await send(OPERATOR, 'POST', '/pos/transactions', forged), 422, 'discount_needs_approval', 'approvedBy in the body');
  });

  it('needs no approval at the threshold itself', async () => {
    const atThreshold = await send(OPERATOR, 'POST', '/pos/transactions', sale({ type: 'percent', value: 10 }));
    expect(atThreshold.status, atThreshold.text).toBe(201);
  });

  it("is granted with X-Approval-Token of a supervisor of the terminal's department", async () => {
    const approved = await send(OPERATOR, 'POST', '/pos/transactions', sale(twenty), { 'X-Approval-Token': GROCERY_SUPERVISOR });
    expect(approved.status, approved.text).toBe(201);
    const { totals } = json<Sale>(approved);
    expect(totals.discountMinor).toBeGreaterThan(0);
  });

  it.each([
    ['a supervisor of another department', HOME_SUPERVISOR, 'approver_not_allowed'],
    ['another operator', OTHER_OPERATOR, 'approver_not_allowed'],
    ['a token that is not one', 'not.a.token', 'approval_invalid'],
  ])('is refused with the approval of %s (403)', async (_who, approval, reason) => {
    const refused = await send(OPERATOR, 'POST', '/pos/transactions', sale(twenty), { 'X-Approval-Token': approval });
    expect(expectError(refused, 403, 'forbidden').details).toMatchObject({ reason });
  });

  it('is granted to a supervisor signed in at the terminal', async () => {
    const approved = await send(TOKENS.supervisor, 'POST', '/pos/transactions', sale(twenty));
    expect(approved.status, approved.text).toBe(201);
    expect(json<Sale>(approved).totals.discountMinor).toBeGreaterThan(0);
  });
});
