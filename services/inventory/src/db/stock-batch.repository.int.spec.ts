import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@tillwire/platform';
import { createTestDatabase, type TestDatabase } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementKind, VersionedChange } from '../domain/stock';
import { countRows, seedProduct, stockOf } from '../testing/inventory-test-node';
import type { NewReservation } from './reservation.repository';
import { createStockBatchRepository, type ReserveBatch } from './stock-batch.repository';

const batches = createStockBatchRepository();
let database: TestDatabase;
let sql: SqlExecutor;

beforeAll(async () => {
  database = await createTestDatabase('tw_inventory');
  sql = database.db.sql;
});
afterAll(async () => database?.drop());

/** A line reserved on its row as expected: at `version`, with 5 on hand and nothing reserved unless given. */
interface ExpectedLine {
  readonly sku: string;
  readonly quantity: number;
  readonly version: number;
  readonly onHand?: number;
}

function reserveBatch(transactionId: string, lines: ExpectedLine[]): ReserveBatch {
  const reservations: NewReservation[] = lines.map(({ sku, quantity }) => ({
    id: randomUUID(),
    transactionId,
    sku,
    locationCode: 'MAIN',
    quantity,
    expiresAt: new Date(Date.now() + 60_000),
  }));
  return {
    transactionId,
    reservations,
    changes: lines.map(({ sku, quantity, version, onHand = 5 }) => ({
      sku,
      locationCode: 'MAIN',
      version,
      onHand,
      reserved: 0,
      onHandDelta: 0,
      reservedDelta: quantity,
    })),
    movements: reservations.map((r) => movement(r.sku, 'reserve', 0, r.quantity, transactionId)),
  };
}

function movement(sku: string, kind: MovementKind, onHandDelta: number, reservedDelta: number, reference: string) {
  return { sku, locationCode: 'MAIN', kind, onHandDelta, reservedDelta, reference, reason: null };
}

const written = async (transactionId: string) => ({
  reservations: await countRows(sql, 'inventory.reservations', 'transaction_id = $1', [transactionId]),
  movements: await countRows(sql, 'inventory.stock_movements', 'reference = $1', [transactionId]),
});

describe('stock batches', () => {
  it('reserve writes nothing when one row moved on, everything on the versions read, and nothing twice', async () => {
    await seedProduct(sql, { sku: 'SB-A', onHand: 5 });
    await seedProduct(sql, { sku: 'SB-B', onHand: 5 });
    const transactionId = randomUUID();
    const lines = (versionOfB: number) => [
      { sku: 'SB-A', quantity: 1, version: 0 },
      { sku: 'SB-B', quantity: 2, version: versionOfB },
    ];
    expect(await batches.reserve(sql, reserveBatch(transactionId, lines(1)))).toEqual({
      kind: 'lost',
      at: { sku: 'SB-B', locationCode: 'MAIN' },
    });
    expect(await written(transactionId)).toEqual({ reservations: 0, movements: 0 });
    expect(await stockOf(sql, 'SB-A')).toEqual({ onHand: 5, reserved: 0, version: 0 });

    expect(await batches.reserve(sql, reserveBatch(transactionId, lines(0)))).toEqual({ kind: 'applied' });
    expect(await written(transactionId)).toEqual({ reservations: 2, movements: 2 });
    expect(await stockOf(sql, 'SB-B')).toEqual({ onHand: 5, reserved: 2, version: 1 });

    const replay = [{ sku: 'SB-A', quantity: 1, version: 1 }];
    expect(await batches.reserve(sql, reserveBatch(transactionId, replay))).toEqual({ kind: 'held' });
    expect(await stockOf(sql, 'SB-A')).toEqual({ onHand: 5, reserved: 1, version: 1 });
  });

  it('a change waiting for a concurrent writer of its row applies only on the version that writer left', async () => {
    await seedProduct(sql, { sku: 'SB-C', onHand: 5 });
    const transactionId = randomUUID();
    let waiting: Promise<unknown> = Promise.resolve();
    await sql.transaction(async (tx) => {
      await tx.execute(`UPDATE inventory.stock_levels SET version = version + 1 WHERE sku = 'SB-C'`);
      waiting = batches.reserve(sql, reserveBatch(transactionId, [{ sku: 'SB-C', quantity: 1, version: 0 }]));
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    expect(await waiting).toEqual({ kind: 'lost', at: { sku: 'SB-C', locationCode: 'MAIN' } });
    expect(await written(transactionId)).toEqual({ reservations: 0, movements: 0 });
    expect(await stockOf(sql, 'SB-C')).toEqual({ onHand: 5, reserved: 0, version: 1 });
  });

  it('reserve writes nothing on a row at the expected version whose levels differ', async () => {
    await seedProduct(sql, { sku: 'SB-E', onHand: 5 });
    // An edit around the service that leaves the version alone, as a removed and re-created product's rows do too.
    await sql.execute(`UPDATE inventory.stock_levels SET on_hand = 1 WHERE sku = 'SB-E'`);
    const transactionId = randomUUID();
    expect(await batches.reserve(sql, reserveBatch(transactionId, [{ sku: 'SB-E', quantity: 3, version: 0 }]))).toEqual({
      kind: 'lost',
      at: { sku: 'SB-E', locationCode: 'MAIN' },
    });
    expect(await written(transactionId)).toEqual({ reservations: 0, movements: 0 });
    expect(await batches.reserve(sql, reserveBatch(transactionId, [{ sku: 'SB-E', quantity: 1, version: 0, onHand: 1 }]))).toEqual({
      kind: 'applied',
    });
    expect(await stockOf(sql, 'SB-E')).toEqual({ onHand: 1, reserved: 1, version: 1 });
  });

  it('settle claims only reservations still active, all or nothing', async () => {
    await seedProduct(sql, { sku: 'SB-D', onHand: 5 });
    const transactionId = randomUUID();
    const reserved = reserveBatch(transactionId, [{ sku: 'SB-D', quantity: 2, version: 0 }]);
    await batches.reserve(sql, reserved);
    const change = (version: number): VersionedChange => ({
      sku: 'SB-D',
      locationCode: 'MAIN',
      version,
      onHand: 5,
      reserved: 2,
      onHandDelta: -2,
      reservedDelta: -2,
    });
    const settle = (version: number) =>
      batches.settle(sql, {
        reservations: reserved.reservations,
        status: 'committed',
        unexpiredOnly: true,
        changes: [change(version)],
        movements: [movement('SB-D', 'commit', -2, -2, transactionId)],
      });
    const lost = { kind: 'lost', at: { sku: 'SB-D', locationCode: 'MAIN' } };

    expect(await settle(0)).toEqual(lost);
    expect(await settle(1)).toEqual({ kind: 'applied' });
    expect(await settle(2)).toEqual(lost);
    expect(await stockOf(sql, 'SB-D')).toEqual({ onHand: 3, reserved: 0, version: 2 });
    expect(await written(transactionId)).toEqual({ reservations: 1, movements: 2 });
  });
});
