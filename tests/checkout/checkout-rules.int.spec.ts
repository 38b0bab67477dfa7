import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { testAccessToken } from '../../libs/platform/src/testing/index';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

interface Transaction {
  id: string;
  status: string;
  reservationExpiresAt: string;
  totals: { subtotalMinor: number; discountMinor: number; totalMinor: number };
}

let api: CheckoutPlatform;

// A short reservation TTL and the `product` allocation rule, to see expiry and cross-department booking.
beforeAll(async () => {
  api = await startCheckoutPlatform({ RESERVATION_TTL_SECONDS: '10', RESERVATION_SWEEP_SECONDS: '1', ALLOCATION_RULE: 'product' });
}, 120_000);
afterAll(() => api?.stop());

const call = <T>(action: string, params: object) => api.node.broker.call<T, object>(action, params);
const available = async (sku: string) =>
  (await api.get<{ levels: Array<{ available: number }> }>(`/inventory/availability?skus=${sku}`)).body.levels[0]!.available;

describe('checkout rules', () => {
  it('expires a reservation that is not paid in time and gives everything back', async () => {
    const before = await available('GRO-002');
    const { body: t } = await api.post<Transaction>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-002', quantity: 2 }] });
    expect(await available('GRO-002')).toBe(before - 2);
    const deadline = Date.now() + 30_000;
    let status = t.status;
    while (status !== 'expired' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await api.get<Transaction>(`/pos/transactions/${t.id}`)).body.status;
    }
    expect(status).toBe('expired');
    // The transaction is marked expired first, then its stock and department entries are given back.
    const booked = async () =>
      (await call<{ entries: Array<{ amountMinor: number }> }>('departments.ledger', { transactionId: t.id })).entries.reduce(
        (sum, e) => sum + e.amountMinor,
        0,
      );
    await waitFor(async () => ((await booked()) === 0 ? true : undefined), 10_000).catch(() => undefined);
    expect(await available('GRO-002')).toBe(before);
    expect(await booked()).toBe(0);
    const late = await api.post(`/pos/transactions/${t.id}/complete`, { payments: [{ method: 'cash', amountMinor: t.totals.totalMinor }] });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  }, 60_000);

  it('books a product of another department to its own department under the product rule', async () => {
    const { body: t } = await api.post<Transaction>('/pos/transactions', {
      terminalId: 'T1',
      lines: [{ sku: 'GRO-003', quantity: 1 }, { sku: 'ELE-001', quantity: 1 }],
    });
    const ledger = await call<{ entries: Array<{ sku: string; departmentCode: string; amountMinor: number }> }>('departments.ledger', {
      transactionId: t.id,
    });
    expect(Object.fromEntries(ledger.entries.map((e) => [e.sku, e.departmentCode]))).toEqual({ 'GRO-003': 'GROCERY', 'ELE-001': 'ELECTRONICS' });
    expect(ledger.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(t.totals.totalMinor);
  });

  it('checks out a moved terminal under its new department at once', async () => {
    const checkout = () => api.post<Transaction & { departmentCode: string }>('/pos/transactions', { terminalId: 'T5', lines: [{ sku: 'ELE-002', quantity: 1 }] });
    const before = (await checkout()).body;
    expect(before.departmentCode).toBe('ELECTRONICS');
    expect((await api.post(`/pos/transactions/${before.id}/cancel`, {})).status).toBe(200);
    expect((await api.put('/admin/terminals/T5', { departmentCode: 'HOME' })).body).toMatchObject({ departmentCode: 'HOME' });
    const after = (await checkout()).body;
    expect(after.departmentCode).toBe('HOME');
    expect((await api.post(`/pos/transactions/${after.id}/cancel`, {})).status).toBe(200);
  });

  it('prices a checkout at the new price of a product as soon as it is changed', async () => {
    type Priced = Transaction & { lines: Array<{ unitPriceMinor: number }> };
    const checkout = async () => (await api.post<Priced>('/pos/transactions', { terminalId: 'T3', lines: [{ sku: 'HOM-004', quantity: 1 }] })).body;
    const before = await checkout();
    const changed = await api.put<{ priceMinor: number }>('/admin/products/HOM-004', { priceMinor: before.lines[0]!.unitPriceMinor + 100 });
    expect(changed.status, changed.text).toBe(200);
    const after = await checkout();
    expect(after.lines[0]!.unitPriceMinor).toBe(before.lines[0]!.unitPriceMinor + 100);
    for (const { id } of [before, after]) expect((await api.post(`/pos/transactions/${id}/cancel`, {})).status).toBe(200);
  });

  it('needs an approver for a discount above the threshold, and spreads an approved one over the lines', async () => {
    const lines = [{ sku: 'GRO-004', quantity: 1 }, { sku: 'GRO-005', quantity: 2 }];
    const atT1 = { terminalId: 'T1', departmentCode: 'GROCERY' };
    const operator = api.as(testAccessToken({ roles: ['operator'], ...atT1 }));
    const supervisor = api.as(testAccessToken({ roles: ['supervisor'], username: 'supervisor-1', ...atT1 }));
    // An approver named in the body is not an approval: only a supervisor's session is.
    const refused = await operator.post('/pos/transactions', { terminalId: 'T1', lines, discount: { type: 'percent', value: 20, approvedBy: 'supervisor-1' } });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'discount_needs_approval' } } });
    const small = await operator.post<Transaction>('/pos/transactions', { terminalId: 'T1', lines, discount: { type: 'percent', value: 10 } });
    expect(small.status).toBe(201);
    const approved = await supervisor.post<Transaction>('/pos/transactions', { terminalId: 'T1', lines, discount: { type: 'percent', value: 20 } });
    expect(approved.status).toBe(201);
    const { subtotalMinor, discountMinor, totalMinor } = approved.body.totals;
    expect(discountMinor).toBe(Math.floor(subtotalMinor / 5));
    expect(totalMinor).toBe(subtotalMinor - discountMinor);
    const ledger = await call<{ entries: Array<{ amountMinor: number }> }>('departments.ledger', { transactionId: approved.body.id });
    expect(ledger.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(totalMinor);
  });
});
