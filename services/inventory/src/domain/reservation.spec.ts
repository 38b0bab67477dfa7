import { describe, expect, it } from 'vitest';
import { commitVerdict, releasedStatus, replayVerdict, stockTotals } from './reservation';

describe('commitVerdict', () => {
  it('stands when every reservation is committed', () => {
    expect(commitVerdict('t', [{ status: 'committed' }, { status: 'committed' }])).toEqual({ ok: true, value: undefined });
  });

  it('is reservation_expired when any is released, expired or still active past its TTL', () => {
    for (const status of ['released', 'expired', 'active'] as const) {
      expect(commitVerdict('t', [{ status: 'committed' }, { status }])).toEqual({
        ok: false,
        failure: { code: 'reservation_expired', transactionId: 't' },
      });
    }
  });

  it('is not_found without reservations', () => {
    expect(commitVerdict('t', [])).toMatchObject({ ok: false, failure: { code: 'not_found', entity: 'reservation' } });
  });
});

describe('releasedStatus', () => {
  it('expires on expiry and releases otherwise', () => {
    expect(releasedStatus('expired')).toBe('expired');
    expect(releasedStatus('cancelled')).toBe('released');
    expect(releasedStatus('failed')).toBe('released');
  });
});

describe('stockTotals', () => {
  it('sums quantities per SKU and location', () => {
    expect(
      stockTotals([
        { sku: 'A', locationCode: 'MAIN', quantity: 1 },
        { sku: 'A', locationCode: 'MAIN', quantity: 2 },
        { sku: 'A', locationCode: 'WEST', quantity: 4 },
      ]),
    ).toEqual([
      { sku: 'A', locationCode: 'MAIN', quantity: 3 },
      { sku: 'A', locationCode: 'WEST', quantity: 4 },
    ]);
  });
});

describe('replayVerdict', () => {
  it('answers a replay with held or sold reservations, and refuses one whose reservations are gone', () => {
    expect(replayVerdict('t', [{ status: 'active' }])).toMatchObject({ ok: true });
    expect(replayVerdict('t', [{ status: 'committed' }])).toMatchObject({ ok: true });
    expect(replayVerdict('t', [{ status: 'released' }])).toMatchObject({ ok: false, failure: { code: 'reservation_expired' } });
    expect(replayVerdict('t', [{ status: 'expired' }])).toMatchObject({ ok: false, failure: { code: 'reservation_expired' } });
  });
});
