import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

interface Transaction {
  id: string;
  status: string;
  totals: { totalMinor: number };
}
interface LedgerEntry {
  transactionId: string;
  kind: string;
  points: number;
}

// Short gRPC deadlines, so a held-up loyalty call gives up within the test.
const DEADLINE_MS = 500;
let api: CheckoutPlatform;

beforeAll(async () => {
  api = await startCheckoutPlatform({ GRPC_DEADLINE_MS: String(DEADLINE_MS) });
  await api.post('/admin/products', { sku: 'LOY-1', barcode: null, name: 'Loyal', priceMinor: 1_000, taxRateBp: 2000, departmentCode: 'GROCERY' });
  await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku: 'LOY-1', quantity: 50 }] });
}, 120_000);
afterAll(() => api?.stop());

const call = <T>(action: string, params: object) => api.node.broker.call<T, object>(action, params);
const balance = async (id: string) => (await call<{ balancePoints: number }>('loyalty.getAccount', { id })).balancePoints;
const entriesOf = async (accountId: string, transactionId: string) =>
  (await call<{ entries: LedgerEntry[] }>('loyalty.ledger', { accountId })).entries.filter((e) => e.transactionId === transactionId);

async function reserve(customerId: string): Promise<Transaction> {
  const { status, body, text } = await api.post<Transaction>('/pos/transactions', { terminalId: 'T1', customerId, lines: [{ sku: 'LOY-1', quantity: 1 }] });
  expect(status, text).toBe(201);
  return body;
}

const payWithPoints = (t: Transaction, points: number) =>
  api.post(`/pos/transactions/${t.id}/complete`, {
    payments: [{ method: 'points', amountMinor: points }, { method: 'cash', amountMinor: t.totals.totalMinor - points }],
  });

describe('checkout paying with points over gRPC', () => {
  it('answers a redeem loyalty refuses as 422 insufficient_points with its details, taking nothing', async () => {
    const t = await reserve('C-1002'); // 350 points
    const before = await balance('C-1002');
    const refused = await payWithPoints(t, before + 1);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.body).toEqual({
      error: {
        code: 'insufficient_points',
        message: `Only ${before} points available, ${before + 1} requested`,
        details: { accountId: 'C-1002', available: before, requested: before + 1 },
      },
    });
    expect(await balance('C-1002')).toBe(before);
  });

  it('reverses a redeem that missed its deadline, so points held up in loyalty never leave the account', async () => {
    const t = await reserve('C-1001');
    const before = await balance('C-1001');
    // Another transaction holds the account row: the redeem (and the reversal) wait in loyalty past their deadline.
    const holder = new pg.Client({ connectionString: api.node.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM loyalty.accounts WHERE id = $1 FOR UPDATE', ['C-1001']);
      const timedOut = await payWithPoints(t, 200);
      expect(timedOut.status, timedOut.text).toBe(503);
      expect(timedOut.body).toMatchObject({ error: { code: 'dependency_unavailable' } });
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    // Whatever landed late is undone: the sale failed and its entries add up to nothing.
    const settled = async () => {
      const { body } = await api.get<Transaction>(`/pos/transactions/${t.id}`);
      const entries = await entriesOf('C-1001', t.id);
      return body.status === 'failed' && entries.some((e) => e.kind === 'reverse') ? entries : undefined;
    };
    const entries = await waitFor(settled, 30_000);
    expect(entries.reduce((sum, e) => sum + e.points, 0)).toBe(0);
    expect(await balance('C-1001')).toBe(before);
  });

  it('answers 503 dependency_unavailable when the loyalty server is gone', async () => {
    const t = await reserve('C-1003');
    await api.node.broker.destroyService(api.node.broker.getLocalService('loyalty'));
    const unavailable = await payWithPoints(t, 100);
    expect(unavailable.status, unavailable.text).toBe(503);
    expect(unavailable.body).toMatchObject({ error: { code: 'dependency_unavailable' } });
  });
});
