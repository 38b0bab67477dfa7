import { randomUUID } from 'node:crypto';
import type { reports } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

interface ErrorBody {
  error: { code: string; details?: { issues?: Array<{ path: string }> } };
}

let api: CheckoutPlatform;
let today: string;

beforeAll(async () => {
  api = await startCheckoutPlatform();
  const [row] = await api.node.database.db.sql.query<{ day: string }>("SELECT (now() AT TIME ZONE 'UTC')::date::text AS day");
  today = row!.day;
}, 120_000);
afterAll(() => api?.stop());

describe('the reconciliation over HTTP (the API is a client of the reports gRPC service)', () => {
  it('runs a day, answers it again by date, and replaces it on rerun', async () => {
    const key = randomUUID();
    const ran = await api.post<reports.ReconciliationView>('/reports/reconciliations', { date: today }, key);
    expect(ran.status, ran.text).toBe(200);
    expect(ran.body).toMatchObject({ businessDate: today, state: 'completed', warnThresholdBp: 0, failThresholdBp: 100, mismatches: [] });
    // The demo store sold nothing today: every line is ok with nothing expected and nothing reported.
    expect(ran.body.status).toBe('ok');
    expect(ran.body.terminals.every((t) => t.status === 'ok' && t.expectedMinor === 0 && t.varianceBp === null)).toBe(true);

    const read = await api.get<reports.ReconciliationView>(`/reports/reconciliations/${today}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(ran.body.id);
    // The same key answers the first response; a rerun under a new key replaces the day.
    expect((await api.post<reports.ReconciliationView>('/reports/reconciliations', { date: today }, key)).body.id).toBe(ran.body.id);
    const rerun = await api.post<reports.ReconciliationView>('/reports/reconciliations', { date: today, rerun: true });
    expect(rerun.body.id).not.toBe(ran.body.id);
    expect((await api.get<reports.ReconciliationView>(`/reports/reconciliations/${today}`)).body.id).toBe(rerun.body.id);
  });

  it('answers 404 for a day never reconciled and 400 for a date that does not exist', async () => {
    const missing = await api.get<ErrorBody>('/reports/reconciliations/2001-01-01');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const bad = await api.post<ErrorBody>('/reports/reconciliations', { date: '2025-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.issues?.map((i) => i.path)).toContain('date');
    expect((await api.get<ErrorBody>('/reports/reconciliations/2025-13-01')).status).toBe(400);
  });
});
