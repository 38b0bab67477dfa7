import { describe, expect, it } from 'vitest';
import { commitClaim, releasedStatus, replayVerdict, stockTotals, type ReservationStatus } from './reservation';

describe('commitClaim', () => {
  const row = (status: ReservationStatus, pastTtl = false) => ({ status, pastTtl });

  it('claims the active reservations and skips committed ones', () => {
    expect(commitClaim('t', [row('active'), row('active')])).toEqual({ ok: true, value: [row('active'), row('active')] });
    expect(commitClaim('t', [row('committed'), row('active')])).toEqual({ ok: true, value: [row('active')] });
    expect(commitClaim('t', [row('committed')])).toEqual({ ok: true, value: [] });
  });

  it('is reservation_expired when any is released, expired or still active past its TTL', () => {
    for (const lapsed of [row('released'), row('expired'), row('active', true)]) {
      expect(commitClaim('t', [row('active'), lapsed])).toEqual({
        ok: false,
        failure: { code: 'reservation_expired', transactionId: 't' },
      });
    }
  });

  it('is not_found without reservations', () => {
    expect(commitClaim('t', [])).toMatchObject({ ok: false, failure: { code: 'not_found', entity: 'reservation' } });
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
