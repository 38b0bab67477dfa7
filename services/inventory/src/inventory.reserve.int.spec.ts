import { randomUUID } from 'node:crypto';
import { inventory } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  inMinutes,
  rejection,
  seedProduct,
  startInventoryNode,
  stockOf,
  type InventoryTestNode,
} from './testing/inventory-test-node';

const A = inventory.InventoryActions;
let node: InventoryTestNode;

beforeAll(async () => {
  node = await startInventoryNode();
});
afterAll(async () => node?.stop());

describe('inventory.reserve', () => {
  it('never oversells: 200 concurrent single-unit reserves of 10 units → 10 reserved, 190 insufficient_stock', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'HOT-1', onHand: 10 });
    let sampling = true;
    let negativeSeen = false;
    const sampler = (async () => {
      while (sampling) {
        const { onHand, reserved } = await stockOf(sql, 'HOT-1');
        if (reserved > onHand || reserved < 0) negativeSeen = true;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () =>
        broker.call<{ reservationIds: string[] }, object>(A.reserve, {
          transactionId: randomUUID(),
          locationCode: 'MAIN',
          lines: [{ sku: 'HOT-1', quantity: 1 }],
          expiresAt: inMinutes(15),
        }),
      ),
    );
    const elapsedMs = Math.round(performance.now() - started);
    sampling = false;
    await sampler;

    const reserved = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { type: string; data: unknown }] : []));
    expect(reserved).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const error of refused) {
      expect(error.type).toBe('insufficient_stock');
      expect(error.data).toEqual({ sku: 'HOT-1', requested: 1, available: 0 });
    }
    expect(negativeSeen).toBe(false);
    expect(await stockOf(sql, 'HOT-1')).toMatchObject({ onHand: 10, reserved: 10 });
    expect(await countRows(sql, 'inventory.reservations', "sku = 'HOT-1' AND status = 'active'")).toBe(10);
    const attempts = node.attempts.snapshot();
    expect(attempts.contention).toBe(0);
    console.info(`200 concurrent reserves in ${elapsedMs} ms; optimistic-lock attempts:`, JSON.stringify(attempts));

    const transactionIds = await sql.query<{ transactionId: string }>(
      `SELECT transaction_id::text AS "transactionId" FROM inventory.reservations WHERE sku = 'HOT-1'`,
    );
    const commits = await Promise.all(
      transactionIds.map(({ transactionId }) => broker.call<{ committed: number }, object>(A.commit, { transactionId })),
    );
    expect(commits.every((c) => c.committed === 1)).toBe(true);
    expect(await stockOf(sql, 'HOT-1')).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await broker.call(A.checkConsistency, {})).toMatchObject({ mismatches: [] });
  });

  it('never oversells or deadlocks across nodes, whichever order carts name their rows in', async () => {
    const { broker, sql, database } = node;
    await seedProduct(sql, { sku: 'XN-A', onHand: 30 });
    await seedProduct(sql, { sku: 'XN-B', onHand: 30 });
    const others = await Promise.all([1, 2].map(() => startInventoryNode({}, database)));
    try {
      const brokers = [broker, ...others.map((other) => other.broker)];
      const results = await Promise.allSettled(
        Array.from({ length: 90 }, (_, i) =>
          brokers[i % 3]!.call(A.reserve, {
            transactionId: randomUUID(),
            locationCode: 'MAIN',
            lines: i % 2 ? [{ sku: 'XN-A', quantity: 1 }, { sku: 'XN-B', quantity: 1 }] : [{ sku: 'XN-B', quantity: 1 }, { sku: 'XN-A', quantity: 1 }],
            expiresAt: inMinutes(15),
          }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
      for (const result of results) {
        if (result.status === 'rejected') expect((result.reason as { type: string }).type).toBe('insufficient_stock');
      }
      expect(await stockOf(sql, 'XN-A')).toMatchObject({ onHand: 30, reserved: 30 });
      expect(await stockOf(sql, 'XN-B')).toMatchObject({ onHand: 30, reserved: 30 });
      expect([node, ...others].map((n) => n.attempts.snapshot().contention)).toEqual([0, 0, 0]);
      expect(await broker.call(A.checkConsistency, {})).toMatchObject({ mismatches: [] });
    } finally {
      await Promise.all(others.map((other) => other.stop()));
    }
  });

  it('is idempotent by transaction id, sequentially and concurrently', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'IDEM-1', onHand: 5 });
    const params = {
      transactionId: randomUUID(),
      locationCode: 'MAIN',
      lines: [{ sku: 'IDEM-1', quantity: 2 }],
      expiresAt: inMinutes(15),
    };
    const first = await broker.call(A.reserve, params);
    expect(await broker.call(A.reserve, params)).toEqual(first);

    const concurrent = { ...params, transactionId: randomUUID() };
    const answers = await Promise.all(Array.from({ length: 20 }, () => broker.call(A.reserve, concurrent)));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await countRows(sql, 'inventory.reservations', "sku = 'IDEM-1'")).toBe(2);
    expect(await stockOf(sql, 'IDEM-1')).toMatchObject({ onHand: 5, reserved: 4 });
    expect(await countRows(sql, 'inventory.stock_movements', "sku = 'IDEM-1' AND kind = 'reserve'")).toBe(2);
  });

  it('reserves all lines or none, and merges repeated SKUs into one reservation', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'ALL-A', onHand: 5 });
    await seedProduct(sql, { sku: 'ALL-B', onHand: 1 });
    const transactionId = randomUUID();
    const error = await rejection(
      broker.call(A.reserve, {
        transactionId,
        locationCode: 'MAIN',
        lines: [
          { sku: 'ALL-A', quantity: 3 },
          { sku: 'ALL-B', quantity: 2 },
        ],
        expiresAt: inMinutes(15),
      }),
    );
    expect(error).toMatchObject({ type: 'insufficient_stock', code: 422, data: { sku: 'ALL-B', requested: 2, available: 1 } });
    expect(await stockOf(sql, 'ALL-A')).toMatchObject({ reserved: 0, version: 0 });
    expect(await countRows(sql, 'inventory.reservations', 'transaction_id = $1', [transactionId])).toBe(0);
    expect(await countRows(sql, 'inventory.stock_movements', 'reference = $1', [transactionId])).toBe(0);

    const merged = await broker.call<{ reservationIds: string[] }, object>(A.reserve, {
      transactionId,
      locationCode: 'MAIN',
      lines: [
        { sku: 'ALL-A', quantity: 2 },
        { sku: 'ALL-B', quantity: 1 },
        { sku: 'ALL-A', quantity: 3 },
      ],
      expiresAt: inMinutes(15),
    });
    expect(merged.reservationIds).toHaveLength(2);
    expect(await stockOf(sql, 'ALL-A')).toMatchObject({ onHand: 5, reserved: 5 });
    expect(await stockOf(sql, 'ALL-B')).toMatchObject({ onHand: 1, reserved: 1 });
  });

  it('names unknown SKUs and locations, and rejects bad params without touching data', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'KNOWN-1', onHand: 3 });
    const base = { transactionId: randomUUID(), locationCode: 'MAIN', expiresAt: inMinutes(15) };
    expect(
      await rejection(broker.call(A.reserve, { ...base, lines: [{ sku: 'KNOWN-1', quantity: 1 }, { sku: 'NOPE', quantity: 1 }] })),
    ).toMatchObject({ type: 'not_found', code: 404, data: { skus: ['NOPE'] } });
    expect(
      await rejection(broker.call(A.reserve, { ...base, locationCode: 'NOWHERE', lines: [{ sku: 'KNOWN-1', quantity: 1 }] })),
    ).toMatchObject({ type: 'not_found', data: { locationCode: 'NOWHERE' } });
    expect(await rejection(broker.call(A.reserve, { ...base, lines: [{ sku: 'KNOWN-1', quantity: 0 }] }))).toMatchObject({
      type: 'validation_failed',
      code: 400,
    });
    expect(await stockOf(sql, 'KNOWN-1')).toMatchObject({ reserved: 0, version: 0 });
  });
});
