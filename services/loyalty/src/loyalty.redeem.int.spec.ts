import { randomUUID } from 'node:crypto';
import { loyalty } from '@tillwire/contracts';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundedAccount, numberOf, rejection, type Rejection } from './testing/loyalty-fixtures';

const A = loyalty.LoyaltyActions;
let node: TestNode;

beforeAll(async () => {
  node = await startTestNode(['loyalty']);
});
afterAll(async () => node?.stop());

const redeem = (accountId: string, transactionId: string, points: number) =>
  node.broker.call<loyalty.RedeemResult, object>(A.redeem, { accountId, transactionId, points });
const reverse = (accountId: string, transactionId: string) =>
  node.broker.call<loyalty.ReverseResult, object>(A.reverse, { accountId, transactionId });
const balanceOf = async (id: string) =>
  (await node.broker.call<loyalty.Account, object>(A.getAccount, { id })).balancePoints;
const entryCount = (accountId: string) =>
  numberOf(node.database.db.sql, 'SELECT count(*)::int AS n FROM loyalty.ledger_entries WHERE account_id = $1', [accountId]);

/** The ledger is the account's history: its entries always add up to the balance. */
async function expectLedgerMatchesBalance(accountId: string) {
  const sum = await numberOf(
    node.database.db.sql,
    'SELECT COALESCE(sum(points), 0)::int AS n FROM loyalty.ledger_entries WHERE account_id = $1',
    [accountId],
  );
  expect(sum).toBe(await balanceOf(accountId));
}

describe('loyalty.redeem', () => {
  it('takes the points once: a repeat answers the first result and changes nothing', async () => {
    const { id } = await fundedAccount(node.broker, 500);
    const transactionId = randomUUID();
    const first = await redeem(id, transactionId, 200);
    expect(first).toEqual({ entryId: expect.any(Number), balancePoints: 300 });

    await redeem(id, randomUUID(), 50); // later activity must not change the replayed answer
    const entries = await entryCount(id);
    expect(await redeem(id, transactionId, 200)).toEqual(first);
    expect(await entryCount(id)).toBe(entries);
    expect(await balanceOf(id)).toBe(250);

    expect(await rejection(redeem(id, transactionId, 201))).toMatchObject({
      type: 'invalid_state',
      code: 409,
      data: { reason: 'different_points', redeemedPoints: 200, requested: 201 },
    });
    await expectLedgerMatchesBalance(id);
  });

  it('refuses more than the balance with insufficient_points and changes nothing', async () => {
    const { id } = await fundedAccount(node.broker, 120);
    const entries = await entryCount(id);
    expect(await rejection(redeem(id, randomUUID(), 121))).toMatchObject({
      type: 'insufficient_points',
      code: 422,
      data: { accountId: id, available: 120, requested: 121 },
    });
    expect(await balanceOf(id)).toBe(120);
    expect(await entryCount(id)).toBe(entries);
    expect(await rejection(redeem('NOPE', randomUUID(), 1))).toMatchObject({ type: 'not_found', code: 404 });
  });

  it('never overdraws: 20 concurrent redeems on one account', async () => {
    const start = 1_000;
    const { id } = await fundedAccount(node.broker, start);
    const asks = Array.from({ length: 20 }, (_, i) => 40 + ((i * 37) % 70)); // 40..109 points each
    const outcomes = await Promise.allSettled(asks.map((points) => redeem(id, randomUUID(), points)));

    const taken = asks.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Rejection] : []));
    const sum = taken.reduce((a, b) => a + b, 0);
    expect(taken.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0); // the asks add up to more than the balance
    for (const error of refused) {
      expect(error.type).toBe('insufficient_points');
      expect(error.data.available as number).toBeLessThan(error.data.requested as number);
    }
    expect(sum).toBeLessThanOrEqual(start);
    expect(await balanceOf(id)).toBe(start - sum);
    await expectLedgerMatchesBalance(id);
    // Every answered balance is distinct: each redeem saw the effect of all the ones before it.
    const balances = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.balancePoints] : []));
    expect(new Set(balances).size).toBe(balances.length);
  });

  it('writes one entry when the same redeem arrives 10 times at once', async () => {
    const { id } = await fundedAccount(node.broker, 300);
    const transactionId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(id, transactionId, 100)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]!.balancePoints).toBe(200);
    const entries = 'SELECT count(*)::int AS n FROM loyalty.ledger_entries WHERE transaction_id = $1';
    expect(await numberOf(node.database.db.sql, entries, [transactionId])).toBe(1);
    await expectLedgerMatchesBalance(id);
  });
});

describe('loyalty.reverse', () => {
  it('restores the redeemed points once; a repeat answers the same', async () => {
    const { id } = await fundedAccount(node.broker, 400);
    const transactionId = randomUUID();
    await redeem(id, transactionId, 150);
    const first = await reverse(id, transactionId);
    expect(first).toEqual({ entryId: expect.any(Number), reversedPoints: 150, balancePoints: 400 });
    await redeem(id, randomUUID(), 10);
    expect(await reverse(id, transactionId)).toEqual(first);
    expect(await balanceOf(id)).toBe(390);
    await expectLedgerMatchesBalance(id);
  });

  it('restores nothing when nothing was redeemed, and then refuses a late redeem of that transaction', async () => {
    const { id } = await fundedAccount(node.broker, 100);
    const transactionId = randomUUID();
    expect(await reverse(id, transactionId)).toMatchObject({ reversedPoints: 0, balancePoints: 100 });
    expect(await reverse(id, transactionId)).toMatchObject({ reversedPoints: 0, balancePoints: 100 });
    expect(await rejection(redeem(id, transactionId, 10))).toMatchObject({
      type: 'invalid_state',
      data: { reason: 'reversed', transactionId },
    });
    expect(await balanceOf(id)).toBe(100);
  });

  it('leaves the points either redeemed-and-restored or never taken when redeem and reverse race', async () => {
    const { id } = await fundedAccount(node.broker, 1_000);
    const transactionIds = Array.from({ length: 10 }, () => randomUUID());
    await Promise.allSettled(
      transactionIds.flatMap((transactionId) => [redeem(id, transactionId, 50), reverse(id, transactionId)]),
    );
    expect(await balanceOf(id)).toBe(1_000);
    await expectLedgerMatchesBalance(id);
  });
});
