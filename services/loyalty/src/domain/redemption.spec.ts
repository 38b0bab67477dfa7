import { parseConfig } from '@tillwire/platform';
import { describe, expect, it } from 'vitest';
import type { Account } from './account';
import type { Entry, EntryKind } from './posting';
import { decideRedeem, decideRefund, decideReverse, pointsToRedeem, pointsToRefund } from './redemption';
import { loyaltyRules } from './tiers';

const tx = '00000000-0000-4000-8000-000000000001';
const account: Account = {
  id: 'C-1',
  name: 'Ada',
  email: null,
  tier: 'silver',
  balancePoints: 500,
  lifetimePoints: 1500,
  version: 3,
};
const entry = (kind: EntryKind, points: number, sourceId = tx): Entry => ({
  id: 9,
  accountId: 'C-1',
  transactionId: tx,
  sourceId,
  kind,
  points,
  createdAt: new Date(0),
});

describe('decideRedeem', () => {
  it('takes the points off the balance, keeping lifetime and tier', () => {
    expect(decideRedeem(account, [], tx, 500)).toEqual({
      action: 'post',
      posting: { kind: 'redeem', points: -500, lifetimeDelta: 0, tier: 'silver' },
    });
  });

  it('refuses more than the balance, saying what is available', () => {
    expect(decideRedeem(account, [], tx, 501)).toEqual({
      action: 'refuse',
      failure: { code: 'insufficient_points', accountId: 'C-1', available: 500, requested: 501 },
    });
  });

  it('replays a repeat, even when the balance no longer covers it, and refuses another amount', () => {
    const redeemed = entry('redeem', -600);
    expect(decideRedeem(account, [redeemed], tx, 600)).toEqual({ action: 'replay', entry: redeemed });
    expect(decideRedeem(account, [redeemed], tx, 10)).toMatchObject({
      action: 'refuse',
      failure: { code: 'invalid_state', reason: 'different_points', redeemedPoints: 600, requested: 10 },
    });
  });

  it('refuses a transaction that was reversed', () => {
    expect(decideRedeem(account, [entry('reverse', 0)], tx, 1)).toMatchObject({
      action: 'refuse',
      failure: { code: 'invalid_state', reason: 'reversed', transactionId: tx },
    });
  });
});

describe('decideReverse', () => {
  it('gives back what was redeemed', () => {
    expect(decideReverse(account, [entry('accrue', 20), entry('redeem', -120)])).toEqual({
      action: 'post',
      posting: { kind: 'reverse', points: 120, lifetimeDelta: 0, tier: 'silver' },
    });
  });

  it('records a 0-point reversal when nothing was redeemed', () => {
    expect(decideReverse(account, [])).toMatchObject({ action: 'post', posting: { kind: 'reverse', points: 0 } });
  });

  it('replays a repeat', () => {
    const reversed = entry('reverse', 120);
    expect(decideReverse(account, [entry('redeem', -120), reversed])).toEqual({ action: 'replay', entry: reversed });
  });
});

describe('decideRefund', () => {
  const refundA = '00000000-0000-4000-8000-00000000000a';
  const refundB = '00000000-0000-4000-8000-00000000000b';

  it('gives back part of what the transaction redeemed, as a refund entry that keeps lifetime and tier', () => {
    expect(decideRefund(account, [entry('redeem', -300)], tx, refundA, 100)).toEqual({
      action: 'post',
      posting: { kind: 'refund', points: 100, lifetimeDelta: 0, tier: 'silver' },
    });
  });

  it('replays a repeat of the same refund and refuses it with another amount', () => {
    const refunded = entry('refund', 100, refundA);
    expect(decideRefund(account, [entry('redeem', -300), refunded], tx, refundA, 100)).toEqual({ action: 'replay', entry: refunded });
    expect(decideRefund(account, [entry('redeem', -300), refunded], tx, refundA, 50)).toMatchObject({
      action: 'refuse',
      failure: { reason: 'different_points' },
    });
  });

  it('never gives back more than was redeemed over all refunds, nor anything after a reversal', () => {
    const earlier = [entry('redeem', -300), entry('refund', 250, refundA)];
    expect(decideRefund(account, earlier, tx, refundB, 50)).toMatchObject({ action: 'post' });
    expect(decideRefund(account, earlier, tx, refundB, 51)).toMatchObject({
      action: 'refuse',
      failure: { reason: 'exceeds_redeemed', refundable: 50, requested: 51 },
    });
    expect(decideRefund(account, [entry('redeem', -300), entry('reverse', 300)], tx, refundB, 1)).toMatchObject({
      action: 'refuse',
      failure: { reason: 'exceeds_redeemed', refundable: 0 },
    });
  });
});

describe('redemption value', () => {
  const fivePerPoint = loyaltyRules(parseConfig({ LOYALTY_POINT_VALUE_MINOR: '5' }).loyalty);

  it('pays one minor unit per point unless configured otherwise', () => {
    expect(pointsToRedeem(loyaltyRules(parseConfig({}).loyalty), 347)).toEqual({ ok: true, value: 347 });
    expect(pointsToRedeem(fivePerPoint, 350)).toEqual({ ok: true, value: 70 });
  });

  it('refuses a payment not worth whole points, saying the point value', () => {
    expect(pointsToRedeem(fivePerPoint, 352)).toEqual({
      ok: false,
      failure: { code: 'validation_failed', reason: 'not_whole_points', amountMinor: 352, pointValueMinor: 5 },
    });
  });

  it('gives back whole points of a refund, rounded down, so refunds never exceed the payment', () => {
    expect(pointsToRefund(fivePerPoint, 352)).toBe(70);
    expect(pointsToRefund(fivePerPoint, 4)).toBe(0);
  });
});
