import { randomUUID } from 'node:crypto';
import { inventory } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMinutes, rejection, seedProduct, startInventoryNode, stockOf, type InventoryTestNode } from './testing/inventory-test-node';

const A = inventory.InventoryActions;
// Two nodes on one database, as two pods: each remembers what it read and wrote, never the other's writes.
let node: InventoryTestNode;
let other: InventoryTestNode;

beforeAll(async () => {
  node = await startInventoryNode({ RESERVATION_SWEEP_SECONDS: '3600' });
  other = await startInventoryNode({ RESERVATION_SWEEP_SECONDS: '3600' }, node.database);
});
afterAll(async () => {
  await other?.stop();
  await node?.stop();
});

async function reserve(on: InventoryTestNode, sku: string, quantity: number, transactionId = randomUUID()): Promise<string> {
  await on.broker.call(A.reserve, { transactionId, locationCode: 'MAIN', lines: [{ sku, quantity }], expiresAt: inMinutes(15) });
  return transactionId;
}

/** What `work` answered and the statements `on` ran for it, each named by what it does. */
async function traced<T>(on: InventoryTestNode, work: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
  on.statements.length = 0;
  const value = await work();
  const statements = on.statements.map((text) => {
    if (text.includes('INSERT INTO inventory.reservations')) return 'reserve';
    if (text.includes('UPDATE inventory.reservations')) return 'settle';
    if (/^\s*SELECT\b/.test(text)) return 'read';
    return text;
  });
  return { value, statements };
}

const statementsOf = async (on: InventoryTestNode, work: () => Promise<unknown>) => (await traced(on, work)).statements;

describe('stock memory', () => {
  it('reserves, commits and releases on a warm node with one statement each, reading nothing', async () => {
    await seedProduct(node.sql, { sku: 'MEM-1', onHand: 10 });
    const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await statementsOf(node, () => reserve(node, 'MEM-1', 1, first))).toEqual(['read', 'reserve']);
    expect(await statementsOf(node, () => reserve(node, 'MEM-1', 2, second))).toEqual(['reserve']);
    expect(await statementsOf(node, () => reserve(node, 'MEM-1', 3, third))).toEqual(['reserve']);
    expect(await statementsOf(node, () => node.broker.call(A.commit, { transactionId: first }))).toEqual(['settle']);
    expect(await statementsOf(node, () => node.broker.call(A.commit, { transactionId: second }))).toEqual(['settle']);
    expect(await statementsOf(node, () => node.broker.call(A.release, { transactionId: third, reason: 'cancelled' }))).toEqual(['settle']);

    expect(await stockOf(node.sql, 'MEM-1')).toEqual({ onHand: 7, reserved: 0, version: 6 });
    expect(node.attempts.snapshot().conflicts).toBe(0);
    expect(await node.broker.call(A.checkConsistency, {})).toMatchObject({ mismatches: [] });
  });

  it("never oversells while two nodes race on one SKU, each making the other's memory stale", async () => {
    await seedProduct(node.sql, { sku: 'MEM-2', onHand: 40 });
    const nodes = [node, other];
    // Both nodes warm: from here on each decides on what it remembers, which the other's writes outdate.
    const warm = await Promise.all(nodes.map(async (on, by) => ({ transactionId: await reserve(on, 'MEM-2', 1), by })));
    const conflictsBefore = nodes.map((on) => on.attempts.snapshot().conflicts);
    let sampling = true;
    let negativeSeen = false;
    const sampler = (async () => {
      while (sampling) {
        const { onHand, reserved } = await stockOf(node.sql, 'MEM-2');
        if (reserved > onHand || reserved < 0 || onHand < 0) negativeSeen = true;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();

    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => reserve(nodes[i % 2]!, 'MEM-2', 1)),
    );
    const reserved = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ transactionId: r.value, by: i % 2 }] : []));
    expect(reserved).toHaveLength(38);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as { type: string }).type).toBe('insufficient_stock');
    }
    // Commits race too, every other one on the node that did not reserve (which reads the claim).
    const commits = await Promise.all(
      [...warm, ...reserved].map(({ transactionId, by }, i) =>
        nodes[(by + i) % 2]!.broker.call<{ committed: number }, object>(A.commit, { transactionId }),
      ),
    );
    sampling = false;
    await sampler;

    expect(commits.every((c) => c.committed === 1)).toBe(true);
    expect(negativeSeen).toBe(false);
    expect(await stockOf(node.sql, 'MEM-2')).toMatchObject({ onHand: 0, reserved: 0 });
    // Stale memory was decided on, and the statement's check sent it back to the database.
    expect(nodes.some((on, i) => on.attempts.snapshot().conflicts > conflictsBefore[i]!)).toBe(true);
    expect(nodes.map((on) => on.attempts.snapshot().contention)).toEqual([0, 0]);
    expect(await node.broker.call(A.checkConsistency, {})).toMatchObject({ mismatches: [] });
  });

  it('a reserve decided on memory another node outdated loses, reads afresh and applies', async () => {
    await seedProduct(node.sql, { sku: 'MEM-3', onHand: 5 });
    await reserve(node, 'MEM-3', 1);
    await reserve(other, 'MEM-3', 3);
    const conflicts = node.attempts.snapshot().conflicts;
    expect(await statementsOf(node, () => reserve(node, 'MEM-3', 1))).toEqual(['reserve', 'read', 'reserve']);
    expect(node.attempts.snapshot().conflicts).toBe(conflicts + 1);
    expect(await stockOf(node.sql, 'MEM-3')).toMatchObject({ onHand: 5, reserved: 5 });
  });

  it('confirms a refusal from memory by a read: stock another node received is reserved', async () => {
    await seedProduct(node.sql, { sku: 'MEM-4', onHand: 2 });
    await reserve(node, 'MEM-4', 2);
    await other.broker.call(A.receive, { locationCode: 'MAIN', lines: [{ sku: 'MEM-4', quantity: 5 }] });
    expect(await statementsOf(node, () => reserve(node, 'MEM-4', 3))).toEqual(['read', 'reserve']);
    expect(await stockOf(node.sql, 'MEM-4')).toMatchObject({ onHand: 7, reserved: 5 });
    // Now memory and database agree there is too little: the read confirms the refusal.
    expect(await rejection(reserve(node, 'MEM-4', 3))).toMatchObject({
      type: 'insufficient_stock',
      data: { sku: 'MEM-4', requested: 3, available: 2 },
    });
  });

  it('never reserves on remembered levels the row no longer has, though its version came round again', async () => {
    await seedProduct(node.sql, { sku: 'MEM-5', onHand: 3 });
    // `other` remembers version 1 with 3 on hand, 1 reserved: 2 available.
    const held = await reserve(other, 'MEM-5', 1);
    await node.broker.call(A.release, { transactionId: held, reason: 'cancelled' });
    await node.broker.call(A.adjust, { locationCode: 'MAIN', sku: 'MEM-5', delta: -3, reason: 'recall' });
    const product = await node.broker.call<inventory.Product, object>(A.removeProduct, { sku: 'MEM-5' });
    await node.broker.call(A.createProduct, product);
    await node.broker.call(A.receive, { locationCode: 'MAIN', lines: [{ sku: 'MEM-5', quantity: 1 }] });
    // The re-created row is at version 1 again, with 1 on hand and nothing reserved: 1 available.
    expect(await stockOf(node.sql, 'MEM-5')).toEqual({ onHand: 1, reserved: 0, version: 1 });

    expect(await rejection(reserve(other, 'MEM-5', 2))).toMatchObject({
      type: 'insufficient_stock',
      data: { sku: 'MEM-5', requested: 2, available: 1 },
    });
    expect(await stockOf(node.sql, 'MEM-5')).toEqual({ onHand: 1, reserved: 0, version: 1 });
  });

  it('a commit on a claim another node released reads it afresh and is refused', async () => {
    await seedProduct(node.sql, { sku: 'MEM-6', onHand: 5 });
    const transactionId = await reserve(node, 'MEM-6', 2);
    await other.broker.call(A.release, { transactionId, reason: 'cancelled' });
    const commit = await traced(node, () => rejection(node.broker.call(A.commit, { transactionId })));
    expect(commit.statements).toEqual(['settle', 'read']);
    expect(commit.value).toMatchObject({ type: 'reservation_expired' });
    expect(await stockOf(node.sql, 'MEM-6')).toMatchObject({ onHand: 5, reserved: 0 });
  });
});
