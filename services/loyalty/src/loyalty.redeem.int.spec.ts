import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { GrpcCallError } from '@tillwire/platform';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundedAccount, loyaltyClient, numberOf, rejection, type LoyaltyClient } from './testing/loyalty-fixtures';

let node: TestNode;
let client: LoyaltyClient;

beforeAll(async () => {
  node = await startTestNode(['loyalty']);
  client = loyaltyClient(node);
});
afterAll(async () => {
  client?.close();
  await node?.stop();
});

/** Points pay one minor unit each (LOYALTY_POINT_VALUE_MINOR's default), so `points` is the amount paid. */
const redeem = (accountId: string, transactionId: string, points: number, deadlineMs?: number) =>
  client.call('redeem', { accountId, transactionId, amountMinor: points }, deadlineMs ? { deadlineMs } : {});
const reverse = (accountId: string, transactionId: string) => client.call('reverse', { accountId, transactionId });
const refund = (accountId: string, transactionId: string, refundId: string, points: number) =>
  client.call('refund', { accountId, transactionId, refundId, amountMinor: points });
const balanceOf = async (id: string) => (await client.call('getAccount', { id })).account!.balancePoints;
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

describe('Redeem', () => {
  it('takes the points once: a repeat answers the first result and changes nothing', async () => {
    const { id } = await fundedAccount(client, 500);
    const transactionId = randomUUID();
    const first = await redeem(id, transactionId, 200);
    expect(first).toEqual({ entryId: expect.any(Number), points: 200, balancePoints: 300 });

    await redeem(id, randomUUID(), 50); // later activity must not change the replayed answer
    const entries = await entryCount(id);
    expect(await redeem(id, transactionId, 200)).toEqual(first);
    expect(await entryCount(id)).toBe(entries);
    expect(await balanceOf(id)).toBe(250);

    expect(await rejection(redeem(id, transactionId, 201))).toMatchObject({
      grpcCode: status.FAILED_PRECONDITION,
      code: 'invalid_state',
      details: { reason: 'different_points', redeemedPoints: 200, requested: 201 },
    });
    await expectLedgerMatchesBalance(id);
  });

  it('refuses more than the balance as FAILED_PRECONDITION insufficient_points and changes nothing', async () => {
    const { id } = await fundedAccount(client, 120);
    const entries = await entryCount(id);
    expect(await rejection(redeem(id, randomUUID(), 121))).toMatchObject({
      grpcCode: status.FAILED_PRECONDITION,
      code: 'insufficient_points',
      message: 'Only 120 points available, 121 requested',
      details: { accountId: id, available: 120, requested: 121 },
    });
    expect(await balanceOf(id)).toBe(120);
    expect(await entryCount(id)).toBe(entries);
    expect(await rejection(redeem('NOPE', randomUUID(), 1))).toMatchObject({ grpcCode: status.NOT_FOUND, code: 'not_found' });
  });

  it('never overdraws: 20 concurrent redeems on one account', async () => {
    const start = 1_000;
    const { id } = await fundedAccount(client, start);
    const asks = Array.from({ length: 20 }, (_, i) => 40 + ((i * 37) % 70)); // 40..109 points each
    const outcomes = await Promise.allSettled(asks.map((points) => redeem(id, randomUUID(), points)));

    const taken = asks.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as GrpcCallError] : []));
    const sum = taken.reduce((a, b) => a + b, 0);
    expect(taken.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0); // the asks add up to more than the balance
    for (const error of refused) {
      expect(error.code).toBe('insufficient_points');
      expect(error.details!.available as number).toBeLessThan(error.details!.requested as number);
    }
    expect(sum).toBeLessThanOrEqual(start);
    expect(await balanceOf(id)).toBe(start - sum);
    await expectLedgerMatchesBalance(id);
    // Every answered balance is distinct: each redeem saw the effect of all the ones before it.
    const balances = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.balancePoints] : []));
    expect(new Set(balances).size).toBe(balances.length);
  });

  it('writes one entry when the same redeem arrives 10 times at once', async () => {
    const { id } = await fundedAccount(client, 300);
    const transactionId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(id, transactionId, 100)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(results[0]!.balancePoints).toBe(200);
    const entries = 'SELECT count(*)::int AS n FROM loyalty.ledger_entries WHERE transaction_id = $1';
    expect(await numberOf(node.database.db.sql, entries, [transactionId])).toBe(1);
    await expectLedgerMatchesBalance(id);
  });
});

describe('Reverse', () => {
  it('restores the redeemed points once; a repeat answers the same', async () => {
    const { id } = await fundedAccount(client, 400);
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
    const { id } = await fundedAccount(client, 100);
    const transactionId = randomUUID();
    expect(await reverse(id, transactionId)).toMatchObject({ reversedPoints: 0, balancePoints: 100 });
    expect(await reverse(id, transactionId)).toMatchObject({ reversedPoints: 0, balancePoints: 100 });
    expect(await rejection(redeem(id, transactionId, 10))).toMatchObject({
      grpcCode: status.FAILED_PRECONDITION,
      code: 'invalid_state',
      details: { reason: 'reversed', transactionId },
    });
    expect(await balanceOf(id)).toBe(100);
  });

  it('leaves the points either redeemed-and-restored or never taken when redeem and reverse race', async () => {
    const { id } = await fundedAccount(client, 1_000);
    const transactionIds = Array.from({ length: 10 }, () => randomUUID());
    await Promise.allSettled(
      transactionIds.flatMap((transactionId) => [redeem(id, transactionId, 50), reverse(id, transactionId)]),
    );
    expect(await balanceOf(id)).toBe(1_000);
    await expectLedgerMatchesBalance(id);
  });
});

describe('Refund', () => {
  it('gives back the refunded share once per refund, never more than was redeemed', async () => {
    const { id } = await fundedAccount(client, 500);
    const transactionId = randomUUID();
    await redeem(id, transactionId, 300);
    const refundId = randomUUID();
    const first = await refund(id, transactionId, refundId, 120);
    expect(first).toEqual({ entryId: expect.any(Number), points: 120, balancePoints: 320 });
    expect(await refund(id, transactionId, refundId, 120)).toEqual(first);
    expect(await rejection(refund(id, transactionId, randomUUID(), 181))).toMatchObject({
      grpcCode: status.FAILED_PRECONDITION,
      code: 'invalid_state',
      details: { reason: 'exceeds_redeemed', refundable: 180, requested: 181 },
    });
    expect(await refund(id, transactionId, randomUUID(), 180)).toMatchObject({ points: 180, balancePoints: 500 });
    await expectLedgerMatchesBalance(id);
  });
});

describe('deadlines', () => {
  it('end a call held up on the server with DEADLINE_EXCEEDED; a retry replays the redeem that landed after it, once', async () => {
    const { id } = await fundedAccount(client, 300);
    const transactionId = randomUUID();
    // Another transaction holds the account row, so the redeem's conditional UPDATE waits on the server.
    const holder = new pg.Client({ connectionString: node.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM loyalty.accounts WHERE id = $1 FOR UPDATE', [id]);
      const started = Date.now();
      expect(await rejection(redeem(id, transactionId, 100, 300))).toMatchObject({
        grpcCode: status.DEADLINE_EXCEEDED,
        code: 'dependency_unavailable',
        status: 503,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    // The caller cannot know whether the redeem landed: retrying (or reversing) by transaction id is safe.
    expect(await redeem(id, transactionId, 100)).toMatchObject({ points: 100, balancePoints: 200 });
    const entries = 'SELECT count(*)::int AS n FROM loyalty.ledger_entries WHERE transaction_id = $1';
    expect(await numberOf(node.database.db.sql, entries, [transactionId])).toBe(1);
    expect(await reverse(id, transactionId)).toMatchObject({ reversedPoints: 100, balancePoints: 300 });
    await expectLedgerMatchesBalance(id);
  });
});
