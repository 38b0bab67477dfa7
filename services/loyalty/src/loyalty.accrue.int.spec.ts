import { randomUUID } from 'node:crypto';
import { loyalty } from '@tillwire/contracts';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enroll, numberOf, rejection } from './testing/loyalty-fixtures';

const A = loyalty.LoyaltyActions;
let node: TestNode;

beforeAll(async () => {
  node = await startTestNode(['loyalty']);
});
afterAll(async () => node?.stop());

const accrue = (accountId: string, transactionId: string, amountMinor: number) =>
  node.broker.call<loyalty.AccrueResult, object>(A.accrue, { accountId, transactionId, amountMinor });
const accountOf = (id: string) => node.broker.call<loyalty.Account, object>(A.getAccount, { id });

describe('loyalty.accrue', () => {
  it('awards 1 point per major unit, once per transaction', async () => {
    const { id } = await enroll(node.broker);
    const transactionId = randomUUID();
    const first = await accrue(id, transactionId, 12_345);
    expect(first).toEqual({ entryId: expect.any(Number), points: 123, balancePoints: 123, lifetimePoints: 123, tier: 'bronze' });

    await accrue(id, randomUUID(), 1_000);
    expect(await accrue(id, transactionId, 12_345)).toEqual(first);
    expect(await accountOf(id)).toMatchObject({ balancePoints: 133, lifetimePoints: 133 });
    const entries = 'SELECT count(*)::int AS n FROM loyalty.ledger_entries WHERE account_id = $1';
    expect(await numberOf(node.database.db.sql, entries, [id])).toBe(2);
  });

  it('awards duplicate accrual events arriving together once', async () => {
    const { id } = await enroll(node.broker);
    const transactionId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => accrue(id, transactionId, 5_000)));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await accountOf(id)).toMatchObject({ balancePoints: 50, lifetimePoints: 50 });
  });

  it('moves the tier up by lifetime points and earns at the higher multiplier after', async () => {
    const { id } = await enroll(node.broker);
    expect(await accrue(id, randomUUID(), 99_900)).toMatchObject({ points: 999, tier: 'bronze' });
    expect(await accrue(id, randomUUID(), 100)).toMatchObject({ points: 1, lifetimePoints: 1_000, tier: 'silver' });
    expect(await accountOf(id)).toMatchObject({ tier: 'silver', lifetimePoints: 1_000 });

    expect(await accrue(id, randomUUID(), 1_999)).toMatchObject({ points: 24, tier: 'silver' }); // 19.99 × 1.25
    expect(await accrue(id, randomUUID(), 319_900)).toMatchObject({ points: 3_998, lifetimePoints: 5_022, tier: 'gold' });
    expect(await accrue(id, randomUUID(), 1_000)).toMatchObject({ points: 15, tier: 'gold' }); // 10 × 1.5

    // Spending points does not lower the tier: it follows lifetime points.
    await node.broker.call(A.redeem, { accountId: id, transactionId: randomUUID(), points: 5_000 });
    expect(await accountOf(id)).toMatchObject({ tier: 'gold', balancePoints: 37, lifetimePoints: 5_037 });
  });

  it('answers not_found for an unknown account', async () => {
    expect(await rejection(accrue('NOPE', randomUUID(), 100))).toMatchObject({ type: 'not_found', code: 404 });
  });
});
