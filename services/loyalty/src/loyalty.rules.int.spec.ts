import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, loyaltyClient, rejection, Tier, type LoyaltyClient } from './testing/loyalty-fixtures';

let node: TestNode;
let client: LoyaltyClient;

beforeAll(async () => {
  node = await startTestNode(['loyalty'], {
    LOYALTY_SILVER_THRESHOLD_POINTS: '100',
    LOYALTY_GOLD_THRESHOLD_POINTS: '400',
    LOYALTY_SILVER_MULTIPLIER_PERCENT: '200',
    LOYALTY_GOLD_MULTIPLIER_PERCENT: '300',
    LOYALTY_EARN_POINTS: '1',
    LOYALTY_EARN_PER_MINOR: '10',
    LOYALTY_POINT_VALUE_MINOR: '5',
  });
  client = loyaltyClient(node);
});
afterAll(async () => {
  client?.close();
  await node?.stop();
});

describe('configured loyalty rules (LOYALTY_*)', () => {
  it('earn at the configured rate and multipliers and move tiers at the configured thresholds', async () => {
    const { id } = await enroll(client);
    const accrue = (amountMinor: number) => client.call('accrue', { accountId: id, transactionId: randomUUID(), amountMinor });
    expect(await accrue(1_000)).toMatchObject({ points: 100, lifetimePoints: 100, tier: Tier.TIER_SILVER }); // 1 per 10, ×1
    expect(await accrue(1_000)).toMatchObject({ points: 200, lifetimePoints: 300, tier: Tier.TIER_SILVER }); // ×2
    expect(await accrue(1_000)).toMatchObject({ points: 200, lifetimePoints: 500, tier: Tier.TIER_GOLD });
    expect(await accrue(105)).toMatchObject({ points: 31, tier: Tier.TIER_GOLD }); // 10.5 × 3 = 31.5
  });

  it('redeem at the configured point value, refusing a payment not worth whole points', async () => {
    const { id } = await enroll(client);
    await client.call('accrue', { accountId: id, transactionId: randomUUID(), amountMinor: 1_000 }); // 100 points
    const transactionId = randomUUID();
    expect(await client.call('redeem', { accountId: id, transactionId, amountMinor: 250 })).toMatchObject({
      points: 50,
      balancePoints: 50,
    });
    expect(await rejection(client.call('redeem', { accountId: id, transactionId: randomUUID(), amountMinor: 52 }))).toMatchObject({
      grpcCode: status.INVALID_ARGUMENT,
      code: 'validation_failed',
      details: { reason: 'not_whole_points', amountMinor: 52, pointValueMinor: 5 },
    });
    // A refund gives back whole points, rounded down: 27 minor units are 5 points.
    expect(await client.call('refund', { accountId: id, transactionId, refundId: randomUUID(), amountMinor: 27 })).toMatchObject({
      points: 5,
      balancePoints: 55,
    });
  });
});
