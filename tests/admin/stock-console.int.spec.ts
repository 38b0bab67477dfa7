import type { inventory } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';

/**
 * The admin console's stock views over HTTP on the seeded demo store: stock levels of every product,
 * live reservations, the movements ledger (receipts and adjustments with their reasons) and the
 * consistency check.
 */

interface ErrorBody {
  error: { code: string; details?: { issues?: Array<{ in: string; path: string }> } };
}

let api: CheckoutPlatform;

beforeAll(async () => {
  api = await startCheckoutPlatform();
}, 120_000);
afterAll(() => api?.stop());

async function stockOf(sku: string): Promise<inventory.ProductStock> {
  const answer = await api.get<{ levels: inventory.ProductStock[] }>(`/admin/stock?q=${sku}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.levels.find((level) => level.sku === sku)!;
}

describe('stock levels', () => {
  it('lists every product of a department with on hand, reserved and available at MAIN, by SKU', async () => {
    const answer = await api.get<{ levels: inventory.ProductStock[] }>('/admin/stock?department=GROCERY');
    expect(answer.status, answer.text).toBe(200);
    const { levels } = answer.body;
    expect(levels).toHaveLength(20);
    expect(levels.map((l) => l.sku)).toEqual([...levels.map((l) => l.sku)].sort());
    expect(levels[0]).toMatchObject({ sku: 'GRO-001', name: 'Apples 1 kg', departmentCode: 'GROCERY', locationCode: 'MAIN', active: true, reserved: 0 });
    expect(levels.every((l) => l.available === l.onHand - l.reserved && l.onHand > 0)).toBe(true);
    expect((await api.get<{ levels: unknown[] }>('/admin/stock?limit=5')).body.levels).toHaveLength(5);
  });

  it('answers 400 for a bad filter', async () => {
    const bad = await api.get<ErrorBody>('/admin/stock?department=grocery&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.issues?.map((i) => i.path).sort()).toEqual(['department', 'limit']);
  });
});

describe('reservations, receipts and adjustments', () => {
  it('shows a checkout’s reservation while it is open, and no more once it is cancelled', async () => {
    const before = await stockOf('GRO-002');
    const created = await api.post<{ id: string; reservationExpiresAt: string }>('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-002', quantity: 3 }] });
    expect(created.status, created.text).toBe(201);
    const live = await api.get<{ reservations: inventory.LiveReservation[] }>('/admin/stock/reservations?location=MAIN');
    expect(live.status, live.text).toBe(200);
    expect(live.body.reservations).toEqual([
      expect.objectContaining({ transactionId: created.body.id, sku: 'GRO-002', locationCode: 'MAIN', quantity: 3, expiresAt: expect.any(String) }),
    ]);
    expect(await stockOf('GRO-002')).toMatchObject({ onHand: before.onHand, reserved: 3, available: before.onHand - 3 });

    expect((await api.post(`/pos/transactions/${created.body.id}/cancel`, {})).status).toBe(200);
    expect((await api.get<{ reservations: unknown[] }>('/admin/stock/reservations')).body.reservations).toEqual([]);
    expect((await api.get<ErrorBody>('/admin/stock/reservations?limit=501')).status).toBe(400);
  });

  it('lists receipts with their reference and adjustments with their reason, newest first, a page at a time', async () => {
    expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku: 'HOM-001', quantity: 12 }], reference: 'PO-4711' })).status).toBe(201);
    expect((await api.post('/inventory/adjustments', { locationCode: 'MAIN', sku: 'HOM-001', delta: -2, reason: 'Broken in the stockroom' })).status).toBe(201);

    const page = await api.get<{ movements: inventory.StockMovement[]; nextCursor: string | null }>('/admin/stock/movements?kind=receipt,adjust&sku=HOM-001&limit=2');
    expect(page.status, page.text).toBe(200);
    expect(page.body.movements).toEqual([
      expect.objectContaining({ sku: 'HOM-001', kind: 'adjust', onHandDelta: -2, reservedDelta: 0, reason: 'Broken in the stockroom' }),
      expect.objectContaining({ sku: 'HOM-001', kind: 'receipt', onHandDelta: 12, reference: 'PO-4711' }),
    ]);
    // The seeded opening stock is the next (older) page.
    expect(page.body.nextCursor).toBe(page.body.movements[1]!.id);
    const next = await api.get<{ movements: inventory.StockMovement[]; nextCursor: string | null }>(
      `/admin/stock/movements?kind=receipt,adjust&sku=HOM-001&limit=2&before=${page.body.nextCursor}`,
    );
    expect(next.body).toEqual({ movements: [expect.objectContaining({ kind: 'receipt', reason: 'Opening stock' })], nextCursor: null });
    expect((await api.get<ErrorBody>('/admin/stock/movements?kind=stolen')).status).toBe(400);
  });
});

describe('the consistency check', () => {
  it('replays the ledger against every stock row and finds them equal', async () => {
    const answer = await api.get<{ checked: number; mismatches: unknown[] }>('/admin/stock/consistency');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ checked: 60, mismatches: [] });
  });

  it('names a stock row that differs from its ledger', async () => {
    await api.node.database.db.sql.execute("UPDATE inventory.stock_levels SET on_hand = on_hand + 1 WHERE sku = 'ELE-001'");
    const answer = await api.get<{ checked: number; mismatches: Array<{ sku: string; onHand: number; ledgerOnHand: number }> }>('/admin/stock/consistency');
    expect(answer.body.mismatches).toEqual([expect.objectContaining({ sku: 'ELE-001', locationCode: 'MAIN' })]);
    const [mismatch] = answer.body.mismatches;
    expect(mismatch!.onHand - mismatch!.ledgerOnHand).toBe(1);
  });
});
