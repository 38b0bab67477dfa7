import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

interface Transaction {
  id: string;
  status: string;
  departmentCode: string;
  totals: { totalMinor: number };
  payments: Array<{ method: string; status: string; refundedMinor: number }>;
  changeMinor: number;
}
interface ErrorBody {
  error: { code: string; details?: Record<string, unknown> };
}
interface Levels {
  levels: Array<{ sku: string; onHand: number; reserved: number; available: number }>;
}

let api: CheckoutPlatform;

beforeAll(async () => {
  api = await startCheckoutPlatform();
}, 120_000);
afterAll(() => api?.stop());

async function product(sku: string, departmentCode: string, units: number, priceMinor = 500): Promise<void> {
  const created = await api.post('/admin/products', { sku, barcode: null, name: `Test ${sku}`, priceMinor, taxRateBp: 2000, departmentCode });
  expect(created.status).toBe(201);
  expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku, quantity: units }] })).status).toBe(201);
}

async function level(sku: string) {
  const { body } = await api.get<Levels>(`/inventory/availability?skus=${sku}`);
  return body.levels[0]!;
}

const call = <T>(action: string, params: object) => api.node.broker.call<T, object>(action, params);


describe('checkout over the public API', () => {
  it('never oversells: 200 concurrent checkouts of 10 units reserve exactly 10', async () => {
    await product('RACE-1', 'GROCERY', 10);
    const results = await Promise.all(
      Array.from({ length: 200 }, () => api.post<Transaction | ErrorBody>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'RACE-1', quantity: 1 }] })),
    );
    const reserved = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 422);
    expect(reserved).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const r of refused) expect((r.body as ErrorBody).error).toMatchObject({ code: 'insufficient_stock', details: { sku: 'RACE-1', requested: 1 } });
    expect(await level('RACE-1')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });

    for (const r of reserved) {
      const t = r.body as Transaction;
      const done = await api.post<Transaction>(`/pos/transactions/${t.id}/complete`, { payments: [{ method: 'cash', amountMinor: t.totals.totalMinor }] });
      expect(done.body.status).toBe('completed');
    }
    expect(await level('RACE-1')).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    const consistency = await call<{ mismatches: unknown[] }>('inventory.checkConsistency', {});
    expect(consistency.mismatches).toEqual([]);
  });

  it('turns 50 concurrent identical requests with one key into one transaction', async () => {
    await product('ONCE-1', 'GROCERY', 5);
    const body = { terminalId: 'T1', lines: [{ sku: 'ONCE-1', quantity: 2 }] };
    const results = await Promise.all(Array.from({ length: 50 }, () => api.post('/pos/transactions', body, 'same-key-50')));
    const created = results.filter((r) => r.status === 201);
    expect(created.length).toBeGreaterThan(0);
    expect(new Set(created.map((r) => r.text)).size).toBe(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(r.body).toMatchObject({ error: { code: 'in_progress' } });
    // A retry after the first finished answers the first response byte for byte.
    expect((await api.post('/pos/transactions', body, 'same-key-50')).text).toBe(created[0]!.text);
    expect(await level('ONCE-1')).toMatchObject({ reserved: 2 });
    const other = await api.post('/pos/transactions', { ...body, lines: [{ sku: 'ONCE-1', quantity: 1 }] }, 'same-key-50');
    expect(other).toMatchObject({ status: 409, body: { error: { code: 'idempotency_key_reused' } } });
  });

  it('gives everything back when a card of a split payment is declined', async () => {
    await product('SPLIT-1', 'HOME', 3, 2000);
    const { body: t } = await api.post<Transaction>('/pos/transactions', { terminalId: 'T3', lines: [{ sku: 'SPLIT-1', quantity: 2 }] });
    // The simulated terminal declines amounts ending in 51.
    const declined = await api.post<ErrorBody>(`/pos/transactions/${t.id}/complete`, {
      payments: [{ method: 'card', amountMinor: 949 }, { method: 'card', amountMinor: 3051 }],
    });
    expect(declined).toMatchObject({ status: 422, body: { error: { code: 'payment_declined' } } });
    const { body: after } = await api.get<Transaction>(`/pos/transactions/${t.id}`);
    expect(after.status).toBe('failed');
    expect(after.payments.map((p) => p.status)).toEqual(['reversed', 'declined']);
    expect(await level('SPLIT-1')).toMatchObject({ onHand: 3, reserved: 0 });
    const ledger = await call<{ entries: Array<{ amountMinor: number }> }>('departments.ledger', { transactionId: t.id });
    expect(ledger.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
  });

  it('completes a split cash and card payment with change, and books the total to departments', async () => {
    await product('MIX-1', 'HOME', 5, 1234);
    await product('MIX-2', 'ELECTRONICS', 5, 766);
    const { body: t } = await api.post<Transaction>('/pos/transactions', {
      terminalId: 'T3',
      lines: [{ sku: 'MIX-1', quantity: 1 }, { sku: 'MIX-2', quantity: 1 }],
    });
    expect(t.departmentCode).toBe('HOME');
    const done = await api.post<Transaction>(`/pos/transactions/${t.id}/complete`, {
      payments: [{ method: 'card', amountMinor: 1500 }, { method: 'cash', amountMinor: 500, tenderedMinor: 2000 }],
    });
    expect(done.body).toMatchObject({ status: 'completed', changeMinor: 1500 });
    const ledger = await call<{ entries: Array<{ departmentCode: string; amountMinor: number }> }>('departments.ledger', { transactionId: t.id });
    expect(ledger.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(2000);
    // Default rule: a product of another department is booked to the terminal's.
    expect(new Set(ledger.entries.map((e) => e.departmentCode))).toEqual(new Set(['HOME']));
    expect(await level('MIX-1')).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('pays with loyalty points and gives them back when the card of the split is declined', async () => {
    await product('POINTS-1', 'GROCERY', 2, 3351);
    const balance = async () => (await call<{ balancePoints: number }>('loyalty.getAccount', { id: 'C-1001' })).balancePoints;
    const before = await balance();
    const { body: t } = await api.post<Transaction>('/pos/transactions', {
      terminalId: 'T1',
      customerId: 'C-1001',
      lines: [{ sku: 'POINTS-1', quantity: 1 }],
    });
    const declined = await api.post(`/pos/transactions/${t.id}/complete`, {
      payments: [{ method: 'points', amountMinor: 300 }, { method: 'card', amountMinor: 3051 }],
    });
    expect(declined).toMatchObject({ status: 422, body: { error: { code: 'payment_declined' } } });
    expect(await balance()).toBe(before);
    const { body: after } = await api.get<Transaction>(`/pos/transactions/${t.id}`);
    expect(after.status).toBe('failed');
    expect(after.payments.map((p) => [p.method, p.status])).toEqual([
      ['points', 'reversed'],
      ['card', 'declined'],
    ]);
  });

  it('gives the refunded share of a points payment back to the account, once per refund', async () => {
    await product('POINTS-2', 'GROCERY', 4, 1000);
    const balance = async () => (await call<{ balancePoints: number }>('loyalty.getAccount', { id: 'C-1003' })).balancePoints;
    const { body: t } = await api.post<Transaction>('/pos/transactions', {
      terminalId: 'T1',
      customerId: 'C-1003',
      lines: [{ sku: 'POINTS-2', quantity: 2 }],
    });
    await api.post(`/pos/transactions/${t.id}/complete`, {
      payments: [{ method: 'points', amountMinor: 500 }, { method: 'cash', amountMinor: t.totals.totalMinor - 500 }],
    });
    // The sale's own points arrive through the outbox; wait for them so the balance only moves by the refund.
    const entriesOfSale = async () =>
      (await call<{ entries: Array<{ transactionId: string; kind: string; points: number }> }>('loyalty.ledger', { accountId: 'C-1003' })).entries.filter(
        (e) => e.transactionId === t.id,
      );
    await waitFor(async () => ((await entriesOfSale()).some((e) => e.kind === 'accrue') ? true : undefined), 10_000);
    const paid = await balance();
    const key = 'refund-points-2';
    const refund = () => api.post<Transaction>(`/pos/transactions/${t.id}/refunds`, { lines: [{ sku: 'POINTS-2', quantity: 1 }], reason: 'returned' }, key);
    const first = await refund();
    expect(first.status, first.text).toBe(201);
    // Half the sale is refunded: half of each payment goes back.
    expect(first.body.payments.map((p) => [p.method, p.refundedMinor])).toEqual([
      ['points', 250],
      ['cash', (t.totals.totalMinor - 500) / 2],
    ]);
    expect(await balance()).toBe(paid + 250);
    expect((await refund()).text).toBe(first.text);
    expect(await balance()).toBe(paid + 250);
    expect((await entriesOfSale()).filter((e) => e.kind === 'refund')).toEqual([expect.objectContaining({ points: 250 })]);
  });

  it('accrues loyalty points for a completed sale through the outbox, once', async () => {
    await product('EARN-1', 'GROCERY', 2, 2500);
    const account = () => call<{ balancePoints: number }>('loyalty.getAccount', { id: 'C-1002' });
    const before = (await account()).balancePoints;
    const { body: t } = await api.post<Transaction>('/pos/transactions', { terminalId: 'T1', customerId: 'C-1002', lines: [{ sku: 'EARN-1', quantity: 1 }] });
    await api.post(`/pos/transactions/${t.id}/complete`, { payments: [{ method: 'cash', amountMinor: 2500 }] });
    // Bronze: one point per major unit.
    await waitFor(async () => ((await account()).balancePoints === before + 25 ? true : undefined), 10_000);
    const ledger = await call<{ entries: Array<{ transactionId: string; kind: string }> }>('loyalty.ledger', { accountId: 'C-1002' });
    expect(ledger.entries.filter((e) => e.transactionId === t.id)).toEqual([expect.objectContaining({ kind: 'accrue' })]);
  });

  it('refunds in parts: restocks, credits departments and pays back in proportion until fully refunded', async () => {
    await product('REFUND-1', 'HOME', 5, 1000);
    const { body: t } = await api.post<Transaction>('/pos/transactions', { terminalId: 'T3', lines: [{ sku: 'REFUND-1', quantity: 3 }] });
    await api.post(`/pos/transactions/${t.id}/complete`, {
      payments: [{ method: 'card', amountMinor: 2000 }, { method: 'cash', amountMinor: 1000 }],
    });
    const first = await api.post<Transaction>(`/pos/transactions/${t.id}/refunds`, {
      lines: [{ sku: 'REFUND-1', quantity: 1 }],
      reason: 'damaged',
    });
    expect(first.status, first.text).toBe(201);
    expect(first.body.status).toBe('partially_refunded');
    expect(first.body.payments.map((p) => p.refundedMinor)).toEqual([667, 333]);
    expect(await level('REFUND-1')).toMatchObject({ onHand: 3 });
    const rest = await api.post<Transaction>(`/pos/transactions/${t.id}/refunds`, { lines: [{ sku: 'REFUND-1', quantity: 2 }], reason: 'returned' });
    expect(rest.body.status).toBe('refunded');
    expect(await level('REFUND-1')).toMatchObject({ onHand: 5, reserved: 0 });
    const ledger = await call<{ entries: Array<{ amountMinor: number }> }>('departments.ledger', { transactionId: t.id });
    expect(ledger.entries.reduce((sum, e) => sum + e.amountMinor, 0)).toBe(0);
    const again = await api.post(`/pos/transactions/${t.id}/refunds`, { lines: [{ sku: 'REFUND-1', quantity: 1 }], reason: 'again' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  });

  it('cancels a reserved transaction and refuses to cancel it twice into another state', async () => {
    await product('CANCEL-1', 'GROCERY', 4);
    const { body: t } = await api.post<Transaction>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'CANCEL-1', quantity: 4 }] });
    expect((await api.post<Transaction>(`/pos/transactions/${t.id}/cancel`, {})).body.status).toBe('cancelled');
    expect(await level('CANCEL-1')).toMatchObject({ reserved: 0, available: 4 });
    const complete = await api.post(`/pos/transactions/${t.id}/complete`, { payments: [{ method: 'cash', amountMinor: t.totals.totalMinor }] });
    expect(complete).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
  });

  it('answers bad input with a typed 400 and changes nothing', async () => {
    const before = await level('GRO-001');
    const bad = [
      await api.post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1 }], departmentCode: 'HOME' }),
      await api.post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-001', quantity: 1.5 }] }),
      await api.post('/pos/transactions', { terminalId: 'T1', lines: [] }),
      await api.post('/pos/transactions/not-a-uuid/complete', { payments: [{ method: 'cash', amountMinor: 1 }] }),
    ];
    for (const r of bad) expect(r.status, r.text).toBe(400);
    expect(await level('GRO-001')).toEqual(before);
  });
});
