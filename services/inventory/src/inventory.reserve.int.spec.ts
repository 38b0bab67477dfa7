import { randomUUID } from 'node:crypto';
import { inventory } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMinutes, rejection, seedProduct, startInventoryNode, stockOf, type InventoryTestNode } from './testing/inventory-test-node';

const A = inventory.InventoryActions;
let node: InventoryTestNode;

beforeAll(async () => {
  node = await startInventoryNode();
});
afterAll(async () => node?.stop());

describe('inventory.reserve', () => {
  it('never oversells: 200 concurrent single-unit reserves of 10 units → 10 reserved, 190 insufficient_stock', async () => {
    const { broker, prisma } = node;
    await seedProduct(prisma, { sku: 'HOT-1', onHand: 10 });
    let sampling = true;
    let negativeSeen = false;
    const sampler = (async () => {
      while (sampling) {
        const { onHand, reserved } = await stockOf(prisma, 'HOT-1');
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
    expect(await stockOf(prisma, 'HOT-1')).toMatchObject({ onHand: 10, reserved: 10 });
    expect(await prisma.reservation.count({ where: { sku: 'HOT-1', status: 'active' } })).toBe(10);
    const attempts = node.attempts.snapshot();
    expect(attempts.contention).toBe(0);
    console.info(`200 concurrent reserves in ${elapsedMs} ms; optimistic-lock attempts:`, JSON.stringify(attempts));

    const transactionIds = await prisma.reservation.findMany({ where: { sku: 'HOT-1' }, select: { transactionId: true } });
    const commits = await Promise.all(
      transactionIds.map(({ transactionId }) => broker.call<{ committed: number }, object>(A.commit, { transactionId })),
    );
    expect(commits.every((c) => c.committed === 1)).toBe(true);
    expect(await stockOf(prisma, 'HOT-1')).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await broker.call(A.checkConsistency, {})).toMatchObject({ mismatches: [] });
  });

  it('is idempotent by transaction id, sequentially and concurrently', async () => {
    const { broker, prisma } = node;
    await seedProduct(prisma, { sku: 'IDEM-1', onHand: 5 });
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
    expect(await prisma.reservation.count({ where: { sku: 'IDEM-1' } })).toBe(2);
    expect(await stockOf(prisma, 'IDEM-1')).toMatchObject({ onHand: 5, reserved: 4 });
    expect(await prisma.stockMovement.count({ where: { sku: 'IDEM-1', kind: 'reserve' } })).toBe(2);
  });

  it('reserves all lines or none, and merges repeated SKUs into one reservation', async () => {
    const { broker, prisma } = node;
    await seedProduct(prisma, { sku: 'ALL-A', onHand: 5 });
    await seedProduct(prisma, { sku: 'ALL-B', onHand: 1 });
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
    expect(await stockOf(prisma, 'ALL-A')).toMatchObject({ reserved: 0, version: 0 });
    expect(await prisma.reservation.count({ where: { transactionId } })).toBe(0);
    expect(await prisma.stockMovement.count({ where: { reference: transactionId } })).toBe(0);

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
    expect(await stockOf(prisma, 'ALL-A')).toMatchObject({ onHand: 5, reserved: 5 });
    expect(await stockOf(prisma, 'ALL-B')).toMatchObject({ onHand: 1, reserved: 1 });
  });

  it('names unknown SKUs and locations, and rejects bad params without touching data', async () => {
    const { broker, prisma } = node;
    await seedProduct(prisma, { sku: 'KNOWN-1', onHand: 3 });
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
    expect(await stockOf(prisma, 'KNOWN-1')).toMatchObject({ reserved: 0, version: 0 });
  });
});
