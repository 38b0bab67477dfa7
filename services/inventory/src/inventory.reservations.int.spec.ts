import { randomUUID } from 'node:crypto';
import { inventory } from '@tillwire/contracts';
import type { Context } from 'moleculer';
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
// This node never sweeps on its own, so past-due reservations stay put until a test acts on them.
let node: InventoryTestNode;

beforeAll(async () => {
  node = await startInventoryNode({ RESERVATION_SWEEP_SECONDS: '3600' });
});
afterAll(async () => node?.stop());

async function statusesOf(transactionId: string): Promise<string[]> {
  const rows = await node.sql.query<{ status: string }>(
    'SELECT status::text AS status FROM inventory.reservations WHERE transaction_id = $1 ORDER BY sku',
    [transactionId],
  );
  return rows.map((r) => r.status);
}

async function reserve(sku: string, quantity: number, expiresAt = inMinutes(15)): Promise<string> {
  const transactionId = randomUUID();
  await node.broker.call(A.reserve, { transactionId, locationCode: 'MAIN', lines: [{ sku, quantity }], expiresAt });
  return transactionId;
}

describe('inventory.release', () => {
  it('returns active reservations to availability once, then is a no-op', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'REL-1', onHand: 5 });
    const transactionId = await reserve('REL-1', 3);
    expect(await broker.call(A.release, { transactionId, reason: 'cancelled' })).toEqual({ released: 1 });
    expect(await broker.call(A.release, { transactionId, reason: 'cancelled' })).toEqual({ released: 0 });
    expect(await stockOf(sql, 'REL-1')).toMatchObject({ onHand: 5, reserved: 0 });
    expect(await statusesOf(transactionId)).toEqual(['released']);
    expect(await countRows(sql, 'inventory.stock_movements', "reference = $1 AND kind = 'release'", [transactionId])).toBe(1);
    expect(await rejection(broker.call(A.commit, { transactionId }))).toMatchObject({
      type: 'reservation_expired',
      code: 422,
      data: { transactionId },
    });
    const replay = { transactionId, locationCode: 'MAIN', lines: [{ sku: 'REL-1', quantity: 3 }], expiresAt: inMinutes(15) };
    expect(await rejection(broker.call(A.reserve, replay))).toMatchObject({ type: 'reservation_expired' });
    expect(await stockOf(sql, 'REL-1')).toMatchObject({ onHand: 5, reserved: 0 });
  });

  it('is a no-op for a transaction that never reserved', async () => {
    expect(await node.broker.call(A.release, { transactionId: randomUUID(), reason: 'failed' })).toEqual({ released: 0 });
  });

  it('lets concurrent releases of one transaction release it once', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'REL-2', onHand: 5 });
    const transactionId = await reserve('REL-2', 2);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => broker.call<{ released: number }, object>(A.release, { transactionId, reason: 'failed' })),
    );
    expect(answers.map((a) => a.released).sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(await stockOf(sql, 'REL-2')).toMatchObject({ onHand: 5, reserved: 0 });
  });
});

describe('inventory.commit', () => {
  it('turns reservations into a sale once; a repeat commits 0 and changes nothing', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'COM-1', onHand: 5 });
    const transactionId = await reserve('COM-1', 2);
    expect(await broker.call(A.commit, { transactionId })).toEqual({ committed: 1 });
    const after = await stockOf(sql, 'COM-1');
    expect(after).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await broker.call(A.commit, { transactionId })).toEqual({ committed: 0 });
    expect(await broker.call(A.release, { transactionId, reason: 'cancelled' })).toEqual({ released: 0 });
    expect(await stockOf(sql, 'COM-1')).toEqual(after);
    expect(
      await sql.query(
        `SELECT on_hand_delta AS "onHandDelta", reserved_delta AS "reservedDelta" FROM inventory.stock_movements
          WHERE reference = $1 AND kind = 'commit'`,
        [transactionId],
      ),
    ).toEqual([{ onHandDelta: -2, reservedDelta: -2 }]);
  });

  it('refuses reservations past their TTL with reservation_expired and leaves stock alone', async () => {
    const { broker, sql } = node;
    await seedProduct(sql, { sku: 'COM-2', onHand: 5 });
    const transactionId = await reserve('COM-2', 1, new Date(Date.now() - 1_000).toISOString());
    expect(await rejection(broker.call(A.commit, { transactionId }))).toMatchObject({ type: 'reservation_expired' });
    expect(await stockOf(sql, 'COM-2')).toMatchObject({ onHand: 5, reserved: 1 });
    expect(await broker.call(A.release, { transactionId, reason: 'expired' })).toEqual({ released: 1 });
    expect(await statusesOf(transactionId)).toEqual(['expired']);
    expect(await rejection(broker.call(A.commit, { transactionId }))).toMatchObject({ type: 'reservation_expired' });
  });

  it('answers not_found for a transaction without reservations', async () => {
    expect(await rejection(node.broker.call(A.commit, { transactionId: randomUUID() }))).toMatchObject({
      type: 'not_found',
      code: 404,
    });
  });
});

describe('reservation sweeper', () => {
  it('expires past-due reservations, returns their stock and announces the transactions', async () => {
    const sweeping = await startInventoryNode({ RESERVATION_SWEEP_SECONDS: '1' }, node.database);
    const announced: string[] = [];
    sweeping.broker.createService({
      name: 'expiry-probe',
      events: {
        'inventory.reservations.expired'(ctx: Context<inventory.ReservationsExpiredEvent>) {
          announced.push(...ctx.params.transactionIds);
        },
      },
    });
    await sweeping.broker.waitForServices(['expiry-probe']);
    try {
      const { sql } = node;
      await seedProduct(sql, { sku: 'SWP-1', onHand: 5 });
      const live = await reserve('SWP-1', 1);
      const due = await reserve('SWP-1', 2, new Date(Date.now() + 500).toISOString());
      await expect.poll(() => announced, { timeout: 10_000, interval: 100 }).toContain(due);
      expect(announced).not.toContain(live);
      expect(await stockOf(sql, 'SWP-1')).toMatchObject({ onHand: 5, reserved: 1 });
      expect(await statusesOf(due)).toEqual(['expired']);
      expect(
        await sql.query(
          `SELECT reserved_delta AS "reservedDelta", reason FROM inventory.stock_movements WHERE reference = $1 AND kind = 'release'`,
          [due],
        ),
      ).toEqual([{ reservedDelta: -2, reason: 'expired' }]);
    } finally {
      await sweeping.stop();
    }
  });

  it('never releases a reservation twice when several nodes sweep at once', async () => {
    const { sql } = node;
    await seedProduct(sql, { sku: 'SWP-2', onHand: 100 });
    const due = new Date(Date.now() + 300).toISOString();
    const transactionIds = await Promise.all(Array.from({ length: 60 }, () => reserve('SWP-2', 1, due)));
    const announced: string[] = [];
    const sweepers = await Promise.all(
      [1, 2, 3].map(() => startInventoryNode({ RESERVATION_SWEEP_SECONDS: '1' }, node.database, { sweepBatchSize: 4 })),
    );
    for (const sweeper of sweepers) {
      sweeper.broker.createService({
        name: 'expiry-probe',
        events: {
          'inventory.reservations.expired'(ctx: Context<inventory.ReservationsExpiredEvent>) {
            announced.push(...ctx.params.transactionIds);
          },
        },
      });
    }
    try {
      await expect
        .poll(() => countRows(sql, 'inventory.reservations', "sku = 'SWP-2' AND status = 'active'"), { timeout: 20_000, interval: 200 })
        .toBe(0);
      await expect.poll(() => announced.length, { timeout: 5_000 }).toBe(60);
      expect(new Set(announced)).toEqual(new Set(transactionIds));
      expect(await stockOf(sql, 'SWP-2')).toMatchObject({ onHand: 100, reserved: 0 });
      expect(await countRows(sql, 'inventory.stock_movements', "sku = 'SWP-2' AND kind = 'release'")).toBe(60);
      expect(await node.broker.call(A.checkConsistency, {})).toMatchObject({ mismatches: [] });
    } finally {
      await Promise.all(sweepers.map((s) => s.stop()));
    }
  });
});
