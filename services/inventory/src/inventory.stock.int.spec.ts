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
  node = await startInventoryNode({ RESERVATION_SWEEP_SECONDS: '3600' });
});
afterAll(async () => node?.stop());

describe('inventory.restock', () => {
  it('puts refunded goods back once per refund id, also under concurrent repeats', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'RST-1', onHand: 5 });
    const transactionId = randomUUID();
    await broker.call(A.reserve, {
      transactionId,
      locationCode: 'MAIN',
      lines: [{ sku: 'RST-1', quantity: 3 }],
      expiresAt: inMinutes(15),
    });
    await broker.call(A.commit, { transactionId });
    const refund = { refundId: randomUUID(), transactionId, locationCode: 'MAIN', lines: [{ sku: 'RST-1', quantity: 2 }] };
    expect(await broker.call(A.restock, refund)).toEqual({ restocked: 1 });
    expect(await broker.call(A.restock, refund)).toEqual({ restocked: 0 });
    expect(await stockOf(sql, 'RST-1')).toMatchObject({ onHand: 4, reserved: 0 });
    expect(
      await sql.query('SELECT kind::text AS kind, on_hand_delta AS "onHandDelta" FROM inventory.stock_movements WHERE reference = $1', [
        refund.refundId,
      ]),
    ).toEqual([{ kind: 'restock', onHandDelta: 2 }]);

    const second = { ...refund, refundId: randomUUID(), lines: [{ sku: 'RST-1', quantity: 1 }] };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => broker.call<{ restocked: number }, object>(A.restock, second)),
    );
    expect(answers.filter((a) => a.restocked === 1)).toHaveLength(1);
    expect(await stockOf(sql, 'RST-1')).toMatchObject({ onHand: 5 });
  });

  it('restocks nothing of a product that no longer exists, and the rest of the refund as usual', async () => {
    await seedProduct(node.sql, { sku: 'RST-2', onHand: 1 });
    const lines = [{ sku: 'GHOST', quantity: 1 }, { sku: 'RST-2', quantity: 2 }];
    const refund = { refundId: randomUUID(), transactionId: randomUUID(), locationCode: 'MAIN', lines };
    expect(await node.broker.call(A.restock, refund)).toEqual({ restocked: 1 });
    expect(await stockOf(node.sql, 'RST-2')).toMatchObject({ onHand: 3 });
    expect(await countRows(node.sql, 'inventory.stock_movements', "sku = 'GHOST'")).toBe(0);
  });
});

describe('inventory.adjust', () => {
  it('requires a reason and a non-zero delta', async () => {
    await seedProduct(node.sql, { sku: 'ADJ-0', onHand: 5 });
    for (const params of [
      { locationCode: 'MAIN', sku: 'ADJ-0', delta: -1 },
      { locationCode: 'MAIN', sku: 'ADJ-0', delta: -1, reason: '   ' },
      { locationCode: 'MAIN', sku: 'ADJ-0', delta: 0, reason: 'count' },
    ]) {
      expect(await rejection(node.broker.call(A.adjust, params))).toMatchObject({ type: 'validation_failed', code: 400 });
    }
    expect(await stockOf(node.sql, 'ADJ-0')).toMatchObject({ onHand: 5, version: 0 });
  });

  it('never takes on hand below what is reserved', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'ADJ-1', onHand: 10 });
    await broker.call(A.reserve, {
      transactionId: randomUUID(),
      locationCode: 'MAIN',
      lines: [{ sku: 'ADJ-1', quantity: 4 }],
      expiresAt: inMinutes(15),
    });
    expect(await rejection(broker.call(A.adjust, { locationCode: 'MAIN', sku: 'ADJ-1', delta: -7, reason: 'breakage' }))).toMatchObject({
      type: 'insufficient_stock',
      code: 422,
      data: { sku: 'ADJ-1', requested: 7, available: 6 },
    });
    expect(await broker.call(A.adjust, { locationCode: 'MAIN', sku: 'ADJ-1', delta: -6, reason: 'breakage' })).toEqual({
      level: { sku: 'ADJ-1', locationCode: 'MAIN', onHand: 4, reserved: 4, available: 0 },
    });
    await broker.call(A.adjust, { locationCode: 'MAIN', sku: 'ADJ-1', delta: 3, reason: 'found in back room' });
    expect(
      await sql.query(
        `SELECT on_hand_delta AS "onHandDelta", reason FROM inventory.stock_movements WHERE sku = 'ADJ-1' AND kind = 'adjust' ORDER BY id`,
      ),
    ).toEqual([
      { onHandDelta: -6, reason: 'breakage' },
      { onHandDelta: 3, reason: 'found in back room' },
    ]);
  });
});

describe('inventory.receive and inventory.availability', () => {
  it('receives goods, creating the stock row of a product stocked nowhere yet', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'RCV-1', onHand: 2 });
    await seedProduct(sql, { sku: 'RCV-NEW', name: 'New arrival', priceMinor: 100, taxRateBp: 0 });
    expect(
      await broker.call(A.availability, { skus: ['RCV-NEW', 'RCV-1'], locationCode: 'MAIN' }),
    ).toEqual({
      levels: [
        { sku: 'RCV-NEW', locationCode: 'MAIN', onHand: 0, reserved: 0, available: 0 },
        { sku: 'RCV-1', locationCode: 'MAIN', onHand: 2, reserved: 0, available: 2 },
      ],
    });
    const received = await broker.call(A.receive, {
      locationCode: 'MAIN',
      reference: 'PO-77',
      lines: [
        { sku: 'RCV-NEW', quantity: 12 },
        { sku: 'RCV-1', quantity: 3 },
        { sku: 'RCV-NEW', quantity: 1 },
      ],
    });
    expect(received).toEqual({
      levels: [
        { sku: 'RCV-1', locationCode: 'MAIN', onHand: 5, reserved: 0, available: 5 },
        { sku: 'RCV-NEW', locationCode: 'MAIN', onHand: 13, reserved: 0, available: 13 },
      ],
    });
    expect(await countRows(sql, 'inventory.stock_movements', "reference = 'PO-77' AND kind = 'receipt'")).toBe(2);
  });

  it('names unknown products and locations', async () => {
    const { broker } = node;
    expect(await rejection(broker.call(A.availability, { skus: ['NOPE-1'], locationCode: 'MAIN' }))).toMatchObject({
      type: 'not_found',
      data: { skus: ['NOPE-1'] },
    });
    expect(
      await rejection(broker.call(A.receive, { locationCode: 'ATTIC', lines: [{ sku: 'RCV-1', quantity: 1 }] })),
    ).toMatchObject({ type: 'not_found', data: { locationCode: 'ATTIC' } });
  });
});

describe('inventory.checkConsistency', () => {
  it('is clean while every change goes through the ledger and reports tampering', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'TMP-1', onHand: 8 });
    const clean = await broker.call<{ checked: number; mismatches: unknown[] }, object>(A.checkConsistency, {});
    expect(clean.mismatches).toEqual([]);
    expect(clean.checked).toBeGreaterThan(0);

    await sql.execute(`UPDATE inventory.stock_levels SET on_hand = on_hand + 5, reserved = 1 WHERE sku = 'TMP-1'`);
    expect(await broker.call(A.checkConsistency, {})).toEqual({
      checked: clean.checked,
      mismatches: [{ sku: 'TMP-1', locationCode: 'MAIN', onHand: 13, reserved: 1, ledgerOnHand: 8, ledgerReserved: 0 }],
    });
  });
});
