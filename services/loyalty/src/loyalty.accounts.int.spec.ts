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

describe('loyalty accounts over the broker', () => {
  it('enrolls with a given id or a new one, at bronze with no points, and reads the account back', async () => {
    const { broker } = node;
    const ada = await broker.call(A.enroll, { id: 'C-2001', name: ' Ada Lovelace ', email: ' Ada@Example.com ' });
    expect(ada).toEqual({
      id: 'C-2001',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      tier: 'bronze',
      balancePoints: 0,
      lifetimePoints: 0,
    });
    expect(await broker.call(A.getAccount, { id: 'C-2001' })).toEqual(ada);

    const anonymous = await enroll(broker, 'No Email');
    expect(anonymous).toMatchObject({ name: 'No Email', email: null });
    expect(loyalty.account.parse(await broker.call(A.getAccount, { id: anonymous.id }))).toEqual(anonymous);
  });

  it('refuses a taken id or email, and unknown accounts, with typed errors', async () => {
    const { broker } = node;
    await broker.call(A.enroll, { id: 'C-2002', name: 'Grace', email: 'grace@example.com' });
    expect(await rejection(broker.call(A.enroll, { id: 'C-2002', name: 'Other' }))).toMatchObject({
      type: 'already_exists',
      code: 409,
      data: { id: 'C-2002' },
    });
    expect(await rejection(broker.call(A.enroll, { name: 'Other', email: 'GRACE@example.com' }))).toMatchObject({
      type: 'already_exists',
      data: { email: 'grace@example.com' },
    });
    expect(await rejection(broker.call(A.getAccount, { id: 'NOPE' }))).toMatchObject({
      type: 'not_found',
      code: 404,
      data: { accountId: 'NOPE' },
    });
    expect(await rejection(broker.call(A.ledger, { accountId: 'NOPE' }))).toMatchObject({ type: 'not_found' });
  });

  it('rejects bad params as validation_failed and writes nothing', async () => {
    const { broker, database } = node;
    const accounts = () => numberOf(database.db.sql, 'SELECT count(*)::int AS n FROM loyalty.accounts');
    const before = await accounts();
    for (const [action, params] of [
      [A.enroll, { name: '' }],
      [A.enroll, { name: 'X', email: 'not-an-email' }],
      [A.redeem, { accountId: 'C-2001', transactionId: randomUUID(), points: 0 }],
      [A.redeem, { accountId: 'C-2001', transactionId: randomUUID(), points: 1.5 }],
      [A.redeem, { accountId: 'C-2001', transactionId: 'not-a-uuid', points: 1 }],
      [A.accrue, { accountId: 'C-2001', transactionId: randomUUID(), amountMinor: -1 }],
      [A.ledger, { accountId: 'C-2001', limit: 0 }],
    ] as const) {
      expect(await rejection(broker.call(action, params))).toMatchObject({ type: 'validation_failed', code: 400 });
    }
    expect(await accounts()).toBe(before);
    expect(await numberOf(database.db.sql, 'SELECT count(*)::int AS n FROM loyalty.ledger_entries')).toBe(0);
  });

  it('lists the ledger newest first, a page at a time', async () => {
    const { broker } = node;
    const { id } = await enroll(broker);
    const transactions = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, transactionId] of transactions.entries()) {
      await broker.call(A.accrue, { accountId: id, transactionId, amountMinor: (i + 1) * 100 });
    }
    await broker.call(A.redeem, { accountId: id, transactionId: transactions[2], points: 3 });

    const { entries } = await broker.call<{ entries: loyalty.LedgerEntry[] }, object>(A.ledger, { accountId: id });
    expect(loyalty.ledgerResult.parse({ entries }).entries).toEqual(entries);
    expect(entries.map((e) => [e.kind, e.points, e.transactionId])).toEqual([
      ['redeem', -3, transactions[2]],
      ['accrue', 3, transactions[2]],
      ['accrue', 2, transactions[1]],
      ['accrue', 1, transactions[0]],
    ]);
    const page = await broker.call<{ entries: loyalty.LedgerEntry[] }, object>(A.ledger, {
      accountId: id,
      limit: 2,
      beforeId: entries[1]!.id,
    });
    expect(page.entries).toEqual(entries.slice(2, 4));
  });
});
