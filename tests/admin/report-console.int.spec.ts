import type { departments, reports } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';

/**
 * The admin console's reports over HTTP on the seeded demo store, in a store zone 14 hours ahead of
 * UTC (so a store day is not a UTC day) selling in yen (a currency without minor digits): the
 * store's today, sales per department and day (reports gRPC), the department ledger per hour, and
 * reconciliations listed and exported as CSV.
 */

const ZONE = 'Pacific/Kiritimati';
const CURRENCY = 'JPY';

interface ErrorBody {
  error: { code: string; details?: { issues?: Array<{ path: string }> } };
}
interface Sale {
  id: string;
  currency: string;
  totals: { totalMinor: number };
}

let api: CheckoutPlatform;
let today: string;
const sales: Record<string, number> = {};
const booked = new Set<string>();

beforeAll(async () => {
  api = await startCheckoutPlatform({ STORE_TIME_ZONE: ZONE, STORE_CURRENCY: CURRENCY });
  const [row] = await api.node.database.db.sql.query<{ day: string }>('SELECT (now() AT TIME ZONE $1)::date::text AS day', [ZONE]);
  today = row!.day;
  for (const [terminalId, sku] of [['T1', 'GRO-003'], ['T1', 'GRO-004'], ['T3', 'HOM-002']] as const) {
    const created = await api.post<Sale>('/pos/transactions', { terminalId, lines: [{ sku, quantity: 1 }] });
    const total = created.body.totals.totalMinor;
    booked.add(created.body.currency);
    const done = await api.post(`/pos/transactions/${created.body.id}/complete`, { payments: [{ method: 'cash', amountMinor: total }] });
    expect(done.status, done.text).toBe(200);
    const department = terminalId === 'T1' ? 'GROCERY' : 'HOME';
    sales[department] = (sales[department] ?? 0) + total;
  }
}, 120_000);
afterAll(() => api?.stop());

describe("the store's today", () => {
  it('answers the business date of the store zone, the zone and the currency', async () => {
    const answer = await api.get('/admin/store/today');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ date: today, timeZone: ZONE, currency: CURRENCY });
  });

  it("books every sale in the store's currency, which the terminal's menu names for its prices", async () => {
    expect([...booked]).toEqual([CURRENCY]);
    const menu = await api.get<{ currency: string; products: unknown[] }>('/catalog/products?terminalId=T1');
    expect(menu.status, menu.text).toBe(200);
    expect(menu.body.currency).toBe(CURRENCY);
    expect(menu.body.products.length).toBeGreaterThan(0);
  });
});

describe('sales per department and day', () => {
  it('answers the day’s sales of each department once the reports projected them', async () => {
    // Summaries are cached briefly: ask once the three sales are projected.
    await waitFor(async () => {
      const [row] = await api.node.database.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM reports.sales');
      return row!.n === 3 ? true : undefined;
    }, 20_000);
    const answer = await api.get<reports.DepartmentSalesView>(`/reports/department-sales?from=${today}&to=${today}`);
    expect(answer.status, answer.text).toBe(200);
    const rows = answer.body.rows;
    const byDepartment = Object.fromEntries(rows.map((r) => [r.departmentCode, r]));
    expect(byDepartment.GROCERY).toMatchObject({ businessDate: today, currency: CURRENCY, unitsSold: 2, figures: { transactionCount: 2, grossMinor: sales.GROCERY } });
    expect(byDepartment.HOME).toMatchObject({ unitsSold: 1, figures: { transactionCount: 1, grossMinor: sales.HOME, netMinor: sales.HOME } });
    const one = await api.get<reports.DepartmentSalesView>(`/reports/department-sales?from=${today}&to=${today}&department=HOME`);
    expect(one.body.rows.map((r) => r.departmentCode)).toEqual(['HOME']);
  });

  it('answers 400 for a range that is reversed, too long or missing an end', async () => {
    for (const query of ['from=2025-02-01&to=2025-01-01', 'from=2024-01-01&to=2025-06-01', 'from=2025-01-01']) {
      const bad = await api.get<ErrorBody>(`/reports/department-sales?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.details?.issues?.map((i) => i.path)).toContain('to');
    }
  });
});

describe('the department ledger per hour', () => {
  it("sums today's entries per local hour and department", async () => {
    const answer = await api.get<departments.SalesByHourResult>('/reports/sales-by-hour');
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ date: today, timeZone: ZONE });
    const [row] = await api.node.database.db.sql.query<{ hour: number }>('SELECT extract(hour FROM now() AT TIME ZONE $1)::int AS hour', [ZONE]);
    const total = (code: string) => answer.body.hours.filter((h) => h.departmentCode === code).reduce((sum, h) => sum + h.amountMinor, 0);
    expect(total('GROCERY')).toBe(sales.GROCERY);
    expect(total('HOME')).toBe(sales.HOME);
    // Sold within the last minute: the current hour, or the one before when the hour just turned.
    expect(answer.body.hours.every((h) => h.hour === row!.hour || h.hour === (row!.hour + 23) % 24)).toBe(true);
  });

  it('answers an empty day as no hours, and 400 for a date that does not exist', async () => {
    expect((await api.get('/reports/sales-by-hour?date=2020-01-01')).body).toEqual({ date: '2020-01-01', timeZone: ZONE, hours: [] });
    expect((await api.get('/reports/sales-by-hour?date=2025-02-30')).status).toBe(400);
  });
});

describe('reconciliations listed and exported', () => {
  it('lists the days reconciled, newest first, a page at a time, filtered by status and dates', async () => {
    for (const date of ['2025-01-01', '2025-01-02', today]) {
      const ran = await api.post<reports.ReconciliationView>('/reports/reconciliations', { date });
      expect(ran.status, ran.text).toBe(200);
    }
    const first = await api.get<reports.ReconciliationListView>('/reports/reconciliations?limit=2');
    expect(first.status, first.text).toBe(200);
    expect(first.body.reconciliations.map((r) => r.businessDate)).toEqual([today, '2025-01-02']);
    expect(first.body.reconciliations[0]).toMatchObject({ state: 'completed', status: expect.stringMatching(/^(ok|warn|fail)$/) });
    expect(first.body.nextPageToken).toBe('2025-01-02');
    const next = await api.get<reports.ReconciliationListView>(`/reports/reconciliations?limit=2&pageToken=${first.body.nextPageToken}`);
    expect(next.body).toMatchObject({ reconciliations: [{ businessDate: '2025-01-01', status: 'ok', failCount: 0 }], nextPageToken: '' });
    const january = await api.get<reports.ReconciliationListView>('/reports/reconciliations?from=2025-01-01&to=2025-01-31&status=ok');
    expect(january.body.reconciliations.map((r) => r.businessDate)).toEqual(['2025-01-02', '2025-01-01']);
    expect((await api.get<ErrorBody>('/reports/reconciliations?from=2025-01-01')).status).toBe(400);
    expect((await api.get<ErrorBody>('/reports/reconciliations?status=bad')).status).toBe(400);
  });

  it("exports a day's reconciliation as CSV: a header, then a line per terminal and per department that sold", async () => {
    const answer = await api.get<reports.CsvExportView>(`/reports/reconciliations/${today}/csv`);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ fileName: `reconciliation-${today}.csv`, contentType: 'text/csv' });
    const lines = answer.body.csv.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(
      'business_date,record,scope,key,department_code,status,kind,expected_minor,reported_minor,variance_minor,variance_bp,reason,transaction_id,reference',
    );
    expect(lines.filter((l) => l.startsWith(`${today},line,terminal,`))).toHaveLength(6);
    expect(lines.filter((l) => l.startsWith(`${today},line,department,`))).toHaveLength(2);
    expect(lines.find((l) => l.startsWith(`${today},line,department,GROCERY,`))).toContain(`,${sales.GROCERY},`);
  });

  it('answers 404 for a day never reconciled', async () => {
    const missing = await api.get<ErrorBody>('/reports/reconciliations/2001-01-01/csv');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });
});
