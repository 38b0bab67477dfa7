import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactions } from '../../libs/contracts/src/index';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

/**
 * GET /api/admin/pos/terminals over the seeded demo store, in a store 14 hours ahead of UTC (no DST),
 * so the store's midnight falls at 10:00 UTC and a day in the store is not a day in UTC.
 */

const ZONE = 'Pacific/Kiritimati';
const ZONE_OFFSET = '+14:00';

interface Transaction {
  id: string;
  status: string;
  totals: { totalMinor: number };
  refunds: Array<{ amountMinor: number }>;
}
interface ListedTerminal {
  id: string;
  name: string;
  departmentCode: string;
  status: string;
  lastSeenAt: string | null;
  today: { count: number; totalMinor: number };
}
type Figures = Record<string, { count: number; totalMinor: number }>;

let api: CheckoutPlatform;

beforeAll(async () => {
  api = await startCheckoutPlatform({ STORE_TIME_ZONE: ZONE });
}, 120_000);
afterAll(() => api?.stop());

const sql = <Row extends object>(text: string, params: unknown[] = []) => api.node.database.db.sql.query<Row>(text, params);

async function sell(terminalId: string, lines: Array<{ sku: string; quantity: number }>): Promise<Transaction> {
  const created = await api.post<Transaction>('/pos/transactions', { terminalId, lines });
  expect(created.status, created.text).toBe(201);
  const done = await api.post<Transaction>(`/pos/transactions/${created.body.id}/complete`, {
    payments: [{ method: 'cash', amountMinor: created.body.totals.totalMinor }],
  });
  expect(done.body.status, done.text).toBe('completed');
  return done.body;
}

async function refund(sale: Transaction, sku: string, quantity: number): Promise<number> {
  const refunded = await api.post<Transaction>(`/pos/transactions/${sale.id}/refunds`, { lines: [{ sku, quantity }], reason: 'returned' });
  expect(refunded.status, refunded.text).toBe(201);
  return refunded.body.refunds.at(-1)!.amountMinor;
}

async function list(query = ''): Promise<ListedTerminal[]> {
  const answer = await api.get<ListedTerminal[]>(`/api/admin/pos/terminals${query}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

const figuresOf = (terminals: ListedTerminal[]): Figures => Object.fromEntries(terminals.map((t) => [t.id, t.today]));

/**
 * Today's figures per terminal straight from the transaction tables, the day taken as the store's
 * calendar date of each timestamp: sales completed today, minus refunds made today of any sale.
 */
async function storeFigures(): Promise<Figures> {
  const rows = await sql<{ id: string; count: number; total_minor: number }>(
    `WITH today AS (SELECT (now() AT TIME ZONE $1)::date AS d)
     SELECT t.id,
            (SELECT count(*)::int FROM transactions.transactions x, today
              WHERE x.terminal_id = t.id AND x.status IN ('completed', 'partially_refunded', 'refunded')
                AND (x.completed_at AT TIME ZONE $1)::date = today.d) AS count,
            ((SELECT coalesce(sum(x.total_minor), 0) FROM transactions.transactions x, today
               WHERE x.terminal_id = t.id AND x.status IN ('completed', 'partially_refunded', 'refunded')
                 AND (x.completed_at AT TIME ZONE $1)::date = today.d)
             - (SELECT coalesce(sum(r.amount_minor), 0) FROM transactions.refunds r
                  JOIN transactions.transactions x ON x.id = r.transaction_id, today
                 WHERE x.terminal_id = t.id AND (r.created_at AT TIME ZONE $1)::date = today.d))::int AS total_minor
       FROM terminals.terminals t ORDER BY t.id`,
    [ZONE],
  );
  return Object.fromEntries(rows.map((r) => [r.id, { count: r.count, totalMinor: r.total_minor }]));
}

/** Midnight starting today in the store, as the store's calendar has it now. */
function storeMidnight(): Date {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  return new Date(`${date}T00:00:00${ZONE_OFFSET}`);
}

describe('GET /api/admin/pos/terminals', () => {
  it("lists every terminal by id with today's sales net of today's refunds, zeros where nothing sold", async () => {
    const first = await sell('T1', [{ sku: 'GRO-001', quantity: 2 }]);
    const second = await sell('T1', [{ sku: 'GRO-002', quantity: 3 }]);
    const home = await sell('T3', [{ sku: 'HOM-001', quantity: 1 }]);
    const refunded = await refund(second, 'GRO-002', 1);

    const terminals = await list('?refresh=1');
    expect(terminals.map((t) => t.id)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5', 'T6']);
    expect(Object.keys(terminals[0]!).sort()).toEqual(['departmentCode', 'id', 'lastSeenAt', 'name', 'status', 'today']);
    expect(terminals[0]).toMatchObject({ id: 'T1', name: 'Grocery till 1', departmentCode: 'GROCERY' });
    const figures = figuresOf(terminals);
    expect(figures).toEqual(await storeFigures());
    expect(figures.T1).toEqual({ count: 2, totalMinor: first.totals.totalMinor + second.totals.totalMinor - refunded });
    expect(figures.T3).toEqual({ count: 1, totalMinor: home.totals.totalMinor });
    for (const idle of ['T2', 'T4', 'T5', 'T6']) expect(figures[idle], idle).toEqual({ count: 0, totalMinor: 0 });
  });

  it('answers from the cache until refresh=1 recomputes the figures, which later answers then share', async () => {
    const before = figuresOf(await list());
    const sale = await sell('T2', [{ sku: 'GRO-003', quantity: 1 }]);

    expect(figuresOf(await list())).toEqual(before);
    const refreshed = figuresOf(await list('?refresh=1'));
    expect(refreshed.T2).toEqual({ count: before.T2!.count + 1, totalMinor: before.T2!.totalMinor + sale.totals.totalMinor });
    expect(refreshed).toEqual(await storeFigures());
    expect(figuresOf(await list())).toEqual(refreshed);
  });

  it("counts a sale on the store's day, not UTC's, and a refund today of yesterday's sale against today", async () => {
    const before = figuresOf(await list('?refresh=1'));
    const midnight = storeMidnight();
    // One second apart across the store's midnight, which is 10:00 on a single UTC day.
    const lastNight = await sell('T5', [{ sku: 'ELE-001', quantity: 1 }]);
    const thisMorning = await sell('T5', [{ sku: 'ELE-002', quantity: 1 }]);
    await sql('UPDATE transactions.transactions SET completed_at = $2 WHERE id = $1', [lastNight.id, new Date(midnight.getTime() - 1000)]);
    await sql('UPDATE transactions.transactions SET completed_at = $2 WHERE id = $1', [thisMorning.id, midnight]);

    const afterSales = figuresOf(await list('?refresh=1'));
    expect(afterSales.T5).toEqual({ count: before.T5!.count + 1, totalMinor: before.T5!.totalMinor + thisMorning.totals.totalMinor });

    const refunded = await refund(lastNight, 'ELE-001', 1);
    const afterRefund = figuresOf(await list('?refresh=1'));
    expect(afterRefund.T5).toEqual({ count: afterSales.T5!.count, totalMinor: afterSales.T5!.totalMinor - refunded });
    expect(afterRefund).toEqual(await storeFigures());

    // Yesterday keeps the sale, untouched by today's refund of it.
    const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(midnight.getTime() - 1000));
    const day = await api.node.broker.call<transactions.TerminalDayResult, object>(transactions.TransactionsActions.terminalDay, { date: yesterday });
    expect(day).toMatchObject({ date: yesterday, timeZone: ZONE });
    expect(day.terminals).toContainEqual({ terminalId: 'T5', count: 1, totalMinor: lastNight.totals.totalMinor });
  });

  it('refuses a refresh value other than 0 or 1', async () => {
    const answer = await api.get<{ error: { code: string } }>('/api/admin/pos/terminals?refresh=yes');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
  });
});
