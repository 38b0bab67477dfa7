import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { loyalty } from '@tillwire/contracts';
import { healthV1 } from '@tillwire/contracts/grpc';
import { GrpcClient, grpcTarget } from '@tillwire/platform';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, loyaltyClient, numberOf, rejection, EntryKind, Tier, type LoyaltyClient } from './testing/loyalty-fixtures';

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

describe('loyalty accounts over gRPC', () => {
  it('enrolls with a given id or a new one, at bronze with no points, and reads the account back', async () => {
    const { account: ada } = await client.call('enroll', { id: 'C-2001', name: ' Ada Lovelace ', email: ' Ada@Example.com ' });
    expect(ada).toEqual({
      id: 'C-2001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      tier: Tier.TIER_BRONZE,
      balancePoints: 0,
      lifetimePoints: 0,
    });
    expect(await client.call('getAccount', { id: 'C-2001' })).toEqual({ account: ada });

    const anonymous = await enroll(client, 'No Email');
    expect(anonymous).toMatchObject({ name: 'No Email', email: undefined });
    expect(anonymous.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a taken id or email as ALREADY_EXISTS and unknown accounts as NOT_FOUND, with details', async () => {
    await client.call('enroll', { id: 'C-2002', name: 'Grace', email: 'grace@example.com' });
    expect(await rejection(client.call('enroll', { id: 'C-2002', name: 'Other' }))).toMatchObject({
      grpcCode: status.ALREADY_EXISTS,
      code: 'already_exists',
      details: { id: 'C-2002' },
    });
    expect(await rejection(client.call('enroll', { name: 'Other', email: 'GRACE@example.com' }))).toMatchObject({
      grpcCode: status.ALREADY_EXISTS,
      details: { email: 'grace@example.com' },
    });
    expect(await rejection(client.call('getAccount', { id: 'NOPE' }))).toMatchObject({
      grpcCode: status.NOT_FOUND,
      code: 'not_found',
      message: 'Loyalty account NOPE not found',
      details: { accountId: 'NOPE' },
    });
    expect(await rejection(client.call('listLedger', { accountId: 'NOPE' }))).toMatchObject({ grpcCode: status.NOT_FOUND });
  });

  it('answers bad arguments with INVALID_ARGUMENT naming each bad field, and writes nothing', async () => {
    const { database } = node;
    const accounts = () => numberOf(database.db.sql, 'SELECT count(*)::int AS n FROM loyalty.accounts');
    const before = await accounts();
    const tx = randomUUID();
    const bad: Array<[Promise<unknown>, string]> = [
      [client.call('enroll', { name: '' }), 'name'],
      [client.call('enroll', { name: 'X', email: 'not-an-email' }), 'email'],
      [client.call('getAccount', { id: '' }), 'id'],
      [client.call('accrue', { accountId: 'C-2001', transactionId: tx, amountMinor: -1 }), 'amountMinor'],
      [client.call('redeem', { accountId: 'C-2001', transactionId: tx, amountMinor: 0 }), 'amountMinor'],
      [client.call('redeem', { accountId: 'C-2001', transactionId: 'not-a-uuid', amountMinor: 1 }), 'transactionId'],
      [client.call('reverse', { accountId: '', transactionId: tx }), 'accountId'],
      [client.call('refund', { accountId: 'C-2001', transactionId: tx, refundId: 'r', amountMinor: 1 }), 'refundId'],
      [client.call('listLedger', { accountId: 'C-2001', limit: 0 }), 'limit'],
    ];
    for (const [call, field] of bad) {
      const error = await rejection(call);
      expect(error, field).toMatchObject({ grpcCode: status.INVALID_ARGUMENT, code: 'validation_failed', message: 'Invalid parameters' });
      expect(error.details?.issues, field).toEqual([{ path: field, message: expect.any(String) }]);
    }
    expect(await accounts()).toBe(before);
    expect(await numberOf(database.db.sql, 'SELECT count(*)::int AS n FROM loyalty.ledger_entries')).toBe(0);
  });

  it('lists the ledger newest first, a page at a time', async () => {
    const { id } = await enroll(client);
    const transactions = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, transactionId] of transactions.entries()) {
      await client.call('accrue', { accountId: id, transactionId, amountMinor: (i + 1) * 100 });
    }
    await client.call('redeem', { accountId: id, transactionId: transactions[2]!, amountMinor: 3 });

    const { entries } = await client.call('listLedger', { accountId: id });
    expect(entries.map((e) => [e.kind, e.points, e.transactionId])).toEqual([
      [EntryKind.ENTRY_KIND_REDEEM, -3, transactions[2]],
      [EntryKind.ENTRY_KIND_ACCRUE, 3, transactions[2]],
      [EntryKind.ENTRY_KIND_ACCRUE, 2, transactions[1]],
      [EntryKind.ENTRY_KIND_ACCRUE, 1, transactions[0]],
    ]);
    expect(entries.every((e) => e.createdAt instanceof Date && Date.now() - e.createdAt.getTime() < 60_000)).toBe(true);
    const page = await client.call('listLedger', { accountId: id, limit: 2, beforeId: entries[1]!.id });
    expect(page.entries).toEqual(entries.slice(2, 4));
  });

  it('answers the same through the broker reads that remain (getAccount, ledger)', async () => {
    const { id } = await enroll(client, 'Broker Reader');
    await client.call('accrue', { accountId: id, transactionId: randomUUID(), amountMinor: 700 });
    expect(await node.broker.call(loyalty.LoyaltyActions.getAccount, { id })).toMatchObject({ id, tier: 'bronze', balancePoints: 7 });
    const { entries } = await node.broker.call<{ entries: loyalty.LedgerEntry[] }, object>(loyalty.LoyaltyActions.ledger, { accountId: id });
    expect(loyalty.ledgerResult.parse({ entries }).entries).toEqual([expect.objectContaining({ kind: 'accrue', points: 7 })]);
  });

  it('reports SERVING through the standard grpc.health.v1 service', async () => {
    const address = grpcTarget(node.broker, 'loyalty.v1.LoyaltyService', 'unpublished');
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const health = new GrpcClient(healthV1.HealthClient, () => address, { deadlineMs: 5_000 });
    try {
      const { SERVING } = healthV1.HealthCheckResponse_ServingStatus;
      expect(await health.call('check', { service: '' })).toEqual({ status: SERVING });
      expect(await health.call('check', { service: 'loyalty.v1.LoyaltyService' })).toEqual({ status: SERVING });
    } finally {
      health.close();
    }
  });
});
