import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, loyaltyClient, numberOf, rejection, Tier, type LoyaltyClient } from './testing/loyalty-fixtures';

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

const accrue = (accountId: string, transactionId: string, amountMinor: number) =>
  client.call('accrue', { accountId, transactionId, amountMinor });
const accountOf = async (id: string) => (await client.call('getAccount', { id })).account;

describe('Accrue', () => {
  it('awards 1 point per major unit, once per transaction', async () => {
    const { id } = await enroll(client);
    const transactionId = randomUUID();
    const first = await accrue(id, transactionId, 12_345);
    expect(first).toEqual({ entryId: expect.any(Number), points: 123, balancePoints: 123, lifetimePoints: 123, tier: Tier.TIER_BRONZE });

    await accrue(id, randomUUID(), 1_000);
    expect(await accrue(id, transactionId, 12_345)).toEqual(first);
    expect(await accountOf(id)).toMatchObject({ balancePoints: 133, lifetimePoints: 133 });
    const entries = 'SELECT count(*)::int AS n FROM loyalty.ledger_entries WHERE account_id = $1';
    expect(await numberOf(node.database.db.sql, entries, [id])).toBe(2);
  });

  it('awards duplicate accrual calls arriving together once', async () => {
    const { id } = await enroll(client);
    const transactionId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => accrue(id, transactionId, 5_000)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await accountOf(id)).toMatchObject({ balancePoints: 50, lifetimePoints: 50 });
  });

  it('moves the tier up by lifetime points and earns at the higher multiplier after', async () => {
    const { id } = await enroll(client);
    expect(await accrue(id, randomUUID(), 99_900)).toMatchObject({ points: 999, tier: Tier.TIER_BRONZE });
    expect(await accrue(id, randomUUID(), 100)).toMatchObject({ points: 1, lifetimePoints: 1_000, tier: Tier.TIER_SILVER });
    expect(await accountOf(id)).toMatchObject({ tier: Tier.TIER_SILVER, lifetimePoints: 1_000 });

    expect(await accrue(id, randomUUID(), 1_999)).toMatchObject({ points: 24, tier: Tier.TIER_SILVER }); // 19.99 × 1.25
    expect(await accrue(id, randomUUID(), 319_900)).toMatchObject({ points: 3_998, lifetimePoints: 5_022, tier: Tier.TIER_GOLD });
    expect(await accrue(id, randomUUID(), 1_000)).toMatchObject({ points: 15, tier: Tier.TIER_GOLD }); // 10 × 1.5

    // Spending points does not lower the tier: it follows lifetime points.
    await client.call('redeem', { accountId: id, transactionId: randomUUID(), amountMinor: 5_000 });
    expect(await accountOf(id)).toMatchObject({ tier: Tier.TIER_GOLD, balancePoints: 37, lifetimePoints: 5_037 });
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    expect(await rejection(accrue('NOPE', randomUUID(), 100))).toMatchObject({ grpcCode: status.NOT_FOUND, code: 'not_found', status: 404 });
  });
});
