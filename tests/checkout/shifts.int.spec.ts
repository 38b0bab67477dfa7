import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

interface Transaction {
  id: string;
  status: string;
  totals: { totalMinor: number };
  payments: Array<{ method: string; status: string }>;
}
interface Shift {
  id: string;
  terminalId: string;
  operatorId: string;
  shiftNumber: number;
  status: string;
  openingFloatMinor: number;
  closedAt: string | null;
}
interface Report {
  shiftId: string;
  status: string;
  closedAt: string | null;
  expectedCashMinor: number;
  countedCashMinor: number | null;
  varianceMinor: number | null;
  [figure: string]: unknown;
}
interface ErrorBody {
  error: { code: string; details?: Record<string, unknown> };
}

let api: CheckoutPlatform;

beforeAll(async () => {
  api = await startCheckoutPlatform();
  // Prices of our own, so every figure below is worked out by hand.
  for (const [sku, priceMinor] of [['SHIFT-A', 1250], ['SHIFT-B', 3000], ['SHIFT-C', 799]] as const) {
    expect((await api.post('/admin/products', { sku, barcode: null, name: sku, priceMinor, taxRateBp: 2000, departmentCode: 'HOME' })).status).toBe(201);
    expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku, quantity: 50 }] })).status).toBe(201);
  }
}, 120_000);
afterAll(() => api?.stop());

async function reserve(terminalId: string, lines: Array<{ sku: string; quantity: number }>): Promise<Transaction> {
  const created = await api.post<Transaction>('/pos/transactions', { terminalId, lines });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

async function sell(terminalId: string, lines: Array<{ sku: string; quantity: number }>, payments: object[]): Promise<Transaction> {
  const sale = await reserve(terminalId, lines);
  const paid = await api.post<Transaction>(`/pos/transactions/${sale.id}/complete`, { payments });
  expect(paid.body.status, paid.text).toBe('completed');
  return paid.body;
}

async function refund(id: string, sku: string): Promise<void> {
  const refunded = await api.post(`/pos/transactions/${id}/refunds`, { lines: [{ sku, quantity: 1 }], reason: 'returned' });
  expect(refunded.status, refunded.text).toBe(201);
}

async function openShiftOf(terminalId: string): Promise<Shift | undefined> {
  const listed = await api.get<{ shifts: Shift[] }>(`/pos/terminals/${terminalId}/shifts?status=open`);
  expect(listed.status, listed.text).toBe(200);
  return listed.body.shifts[0];
}

const open = (terminalId: string, operatorId: string, openingFloatMinor: number, key?: string) =>
  api.post<Shift | ErrorBody>(`/pos/terminals/${terminalId}/shifts/open`, { operatorId, openingFloatMinor }, key);
const close = (terminalId: string, shiftId: string, countedCashMinor: number) =>
  api.post<Report | ErrorBody>(`/pos/terminals/${terminalId}/shifts/${shiftId}/close`, { countedCashMinor });
const report = (terminalId: string, shiftId: string) => api.get<Report>(`/pos/terminals/${terminalId}/shifts/${shiftId}/report`);

/**
 * Row counts and hashes of the tables a refused payment or refund must leave alone (idempotency keys
 * do change); of the outbox only the count, as the relay marks earlier events sent meanwhile.
 */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = [
    'transactions.transactions', 'transactions.status_changes', 'transactions.payments', 'transactions.refunds',
    'transactions.shifts', 'platform.saga_instances', 'platform.saga_steps',
    'inventory.stock_levels', 'inventory.reservations', 'departments.ledger_entries',
  ];
  const hashed = tables.map((t) => `SELECT '${t}' AS name, count(*) || ' ' || md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) AS hash FROM ${t} r`);
  const rows = await api.node.database.db.withSql((sql) =>
    sql.query<{ name: string; hash: string }>([...hashed, `SELECT 'platform.outbox', count(*)::text FROM platform.outbox`].join(' UNION ALL ')),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.hash]));
}

function expectError(answer: { status: number; body: unknown; text: string }, status: number, code: string, details?: object) {
  expect(answer.status, answer.text).toBe(status);
  expect((answer.body as ErrorBody).error, answer.text).toMatchObject({ code, ...(details ? { details } : {}) });
}

describe('cashier shifts over the public API', () => {
  it('computes the X and Z reports exactly: float, cash sales, change, cash refunds, counted and variance', async () => {
    // A sale in the seeded shift, refunded in cash in the next one: the drawer that pays it back counts it.
    const seeded = (await openShiftOf('T3'))!;
    expect(seeded).toMatchObject({ operatorId: 'demo', shiftNumber: 1, openingFloatMinor: 0, status: 'open' });
    const earlier = await sell('T3', [{ sku: 'SHIFT-A', quantity: 2 }], [{ method: 'cash', amountMinor: 2500 }]);
    const first = await close('T3', seeded.id, 2500);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ cashSalesMinor: 2500, expectedCashMinor: 2500, varianceMinor: 0, transactions: 1 });

    const opened = await open('T3', 'alice', 10_000);
    expect(opened.status, opened.text).toBe(201);
    const shift = opened.body as Shift;
    expect(shift).toMatchObject({ terminalId: 'T3', operatorId: 'alice', shiftNumber: 2, status: 'open', openingFloatMinor: 10_000, closedAt: null });

    // Cash 1250 tendered 2000 (change 750); card 3000; split card 1049 + cash 1000 tendered 5000 (change 4000).
    const cashSale = await sell('T3', [{ sku: 'SHIFT-A', quantity: 1 }], [{ method: 'cash', amountMinor: 1250, tenderedMinor: 2000 }]);
    const cardSale = await sell('T3', [{ sku: 'SHIFT-B', quantity: 1 }], [{ method: 'card', amountMinor: 3000 }]);
    await sell('T3', [{ sku: 'SHIFT-A', quantity: 1 }, { sku: 'SHIFT-C', quantity: 1 }], [
      { method: 'card', amountMinor: 1049 },
      { method: 'cash', amountMinor: 1000, tenderedMinor: 5000 },
    ]);
    expect(cashSale.payments).toEqual([expect.objectContaining({ method: 'cash', status: 'approved' })]);
    // Its completion tells reports the shift it was paid in, that shift's operator and its split by department.
    const [completed] = await api.node.database.db.withSql((sql) =>
      sql.query<{ payload: object }>(`SELECT payload FROM platform.outbox WHERE channel = 'transactions.completed' AND aggregate_id = $1`, [cashSale.id]),
    );
    expect(completed?.payload).toMatchObject({
      shiftId: shift.id,
      operatorId: 'alice',
      discountMinor: 0,
      departments: [{ departmentCode: 'HOME', amountMinor: 1250, units: 1 }],
    });
    await refund(earlier.id, 'SHIFT-A'); // 1250 back in cash, from this shift's drawer
    await refund(cardSale.id, 'SHIFT-B'); // back on the card: not the drawer's

    // 10000 + (2000 + 5000) − 1250 − (750 + 4000) = 11000, i.e. the float plus the cash the sales kept, less the refund.
    const figures = {
      shiftId: shift.id,
      terminalId: 'T3',
      operatorId: 'alice',
      shiftNumber: 2,
      openingFloatMinor: 10_000,
      cashSalesMinor: 7000,
      cashRefundsMinor: 1250,
      changeGivenMinor: 4750,
      expectedCashMinor: 11_000,
      transactions: 3,
      byMethod: { cash: 2250, card: 4049, points: 0 },
    };
    const x = await report('T3', shift.id);
    expect(x.status, x.text).toBe(200);
    expect(x.body).toEqual({ ...figures, status: 'open', openedAt: expect.any(String), closedAt: null, countedCashMinor: null, varianceMinor: null });

    const z = await close('T3', shift.id, 10_950);
    expect(z.status, z.text).toBe(200);
    expect(z.body).toEqual({ ...figures, status: 'closed', openedAt: x.body['openedAt'], closedAt: expect.any(String), countedCashMinor: 10_950, varianceMinor: -50 });
    expect((await report('T3', shift.id)).body).toEqual(z.body);

    const listed = await api.get<{ shifts: Shift[] }>('/pos/terminals/T3/shifts');
    expect(listed.body.shifts.map((s) => [s.shiftNumber, s.status])).toEqual([[2, 'closed'], [1, 'closed']]);
    expect(listed.body.shifts[0]).toMatchObject({ expectedCashMinor: 11_000, countedCashMinor: 10_950 });
  });

  it('refuses payments and cash refunds on a terminal without an open shift, changing nothing; reserving is allowed', async () => {
    const shift = (await openShiftOf('T5'))!;
    const paid = await reserve('T5', [{ sku: 'ELE-001', quantity: 1 }]);
    const cash = { method: 'cash', amountMinor: paid.totals.totalMinor };
    expect((await api.post<Transaction>(`/pos/transactions/${paid.id}/complete`, { payments: [cash] })).body.status).toBe('completed');
    expect((await close('T5', shift.id, paid.totals.totalMinor)).status).toBe(200);
    expect(await openShiftOf('T5')).toBeUndefined();

    const waiting = await reserve('T5', [{ sku: 'ELE-002', quantity: 1 }]);
    const before = await fingerprint();
    for (const method of ['cash', 'card']) {
      const refused = await api.post(`/pos/transactions/${waiting.id}/complete`, { payments: [{ method, amountMinor: waiting.totals.totalMinor }] });
      expectError(refused, 409, 'invalid_state', { reason: 'no_open_shift', terminalId: 'T5' });
    }
    const cashBack = await api.post(`/pos/transactions/${paid.id}/refunds`, { lines: [{ sku: 'ELE-001', quantity: 1 }], reason: 'returned' });
    expectError(cashBack, 409, 'invalid_state', { reason: 'no_open_shift', terminalId: 'T5' });
    expect(await fingerprint()).toEqual(before);
    expect((await api.get<Transaction>(`/pos/transactions/${waiting.id}`)).body).toMatchObject({ status: 'reserved', payments: [] });

    // The reservation stays: once a shift is open it is paid, in that shift.
    const next = (await open('T5', 'bob', 500)).body as Shift;
    const done = await api.post<Transaction>(`/pos/transactions/${waiting.id}/complete`, { payments: [{ method: 'card', amountMinor: waiting.totals.totalMinor }] });
    expect(done.body.status, done.text).toBe('completed');
    expect((await report('T5', next.id)).body).toMatchObject({ transactions: 1, byMethod: { card: waiting.totals.totalMinor }, expectedCashMinor: 500 });
  });

  it('refuses closing a closed shift, opening a second one, and shifts of other terminals', async () => {
    const shift = (await openShiftOf('T6'))!;
    expectError(await open('T6', 'carol', 0), 409, 'invalid_state', { reason: 'shift_open', terminalId: 'T6', shiftId: shift.id });
    expectError(await close('T1', shift.id, 0), 404, 'not_found');
    expectError(await api.get(`/pos/terminals/T1/shifts/${shift.id}/report`), 404, 'not_found');
    expectError(await api.get('/pos/terminals/T404/shifts'), 404, 'not_found');
    expectError(await open('T404', 'carol', 0), 404, 'not_found');
    expect((await close('T6', shift.id, 0)).status).toBe(200);
    const before = await fingerprint();
    expectError(await close('T6', shift.id, 0), 409, 'invalid_state', { reason: 'shift_closed', shiftId: shift.id });
    expect(await fingerprint()).toEqual(before);
    // The same Idempotency-Key answers the first open again.
    const first = await open('T6', 'carol', 100, 'open-t6');
    expect(first.status, first.text).toBe(201);
    expect(await open('T6', 'carol', 100, 'open-t6')).toEqual(first);
    expect(first.body).toMatchObject({ shiftNumber: 2 });
  });

  it('opens exactly one shift when opens race', async () => {
    const seeded = (await openShiftOf('T4'))!;
    expect((await close('T4', seeded.id, 0)).status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => open('T4', `op-${i}`, i)));
    const opened = answers.filter((a) => a.status === 201);
    expect(opened, answers.map((a) => `${a.status} ${a.text}`).join('\n')).toHaveLength(1);
    const winner = opened[0]!.body as Shift;
    expect(winner.shiftNumber).toBe(2);
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expectError(refused, 409, 'invalid_state', { reason: 'shift_open', shiftId: winner.id });
    }
    const listed = await api.get<{ shifts: Shift[] }>('/pos/terminals/T4/shifts?status=open');
    expect(listed.body.shifts.map((s) => s.id)).toEqual([winner.id]);
  });
});
