import { randomUUID } from 'node:crypto';
import { inventory } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, inMinutes, rejection, seedProduct, startInventoryNode, type InventoryTestNode } from './testing/inventory-test-node';

const A = inventory.InventoryActions;
let node: InventoryTestNode;

type Listed = { products: Array<{ sku: string; available?: number }> };
const skus = (listed: Listed) => listed.products.map((p) => p.sku);

beforeAll(async () => {
  node = await startInventoryNode({ RESERVATION_SWEEP_SECONDS: '3600' });
  const { sql } = node;
  await seedProduct(sql, { sku: 'GRO-001', name: 'Green tea 20 bags', barcode: '4001000000017', onHand: 9 });
  await seedProduct(sql, { sku: 'GRO-002', name: 'Greek yoghurt', barcode: '4001000000024', onHand: 4 });
  await seedProduct(sql, { sku: 'GRO-010', name: 'Apples 50% off', onHand: 3 });
  await seedProduct(sql, { sku: 'GRO-011', name: 'Green beans', onHand: 3, active: false });
  await seedProduct(sql, { sku: 'HOM-001', name: 'Green mug', departmentCode: 'HOME', onHand: 2 });
  await seedProduct(sql, { sku: 'GRO-020', name: 'Grapes (not stocked here)', priceMinor: 300, taxRateBp: 700 });
  await node.broker.call(A.reserve, {
    transactionId: randomUUID(),
    locationCode: 'MAIN',
    lines: [{ sku: 'GRO-001', quantity: 2 }],
    expiresAt: inMinutes(15),
  });
});
afterAll(async () => node?.stop());

describe('inventory.catalog', () => {
  const catalog = (q?: string) =>
    node.broker.call<Listed, object>(A.catalog, { departmentCode: 'GROCERY', locationCode: 'MAIN', ...(q === undefined ? {} : { q }) });

  it("lists a department's active products by name with live availability", async () => {
    const listed = await catalog();
    expect(listed.products.map(({ sku, available }) => ({ sku, available }))).toEqual([
      { sku: 'GRO-010', available: 3 },
      { sku: 'GRO-020', available: 0 },
      { sku: 'GRO-002', available: 4 },
      { sku: 'GRO-001', available: 7 },
    ]);
    expect(listed.products[3]).toEqual({
      sku: 'GRO-001',
      barcode: '4001000000017',
      name: 'Green tea 20 bags',
      priceMinor: 250,
      taxRateBp: 2000,
      departmentCode: 'GROCERY',
      active: true,
      available: 7,
    });
  });

  it('matches q against name (any case), SKU and barcode (exact or prefix)', async () => {
    expect(skus(await catalog('gre'))).toEqual(['GRO-002', 'GRO-001']);
    expect(skus(await catalog('YOGHURT'))).toEqual(['GRO-002']);
    expect(skus(await catalog('gro-00'))).toEqual(['GRO-002', 'GRO-001']);
    expect(skus(await catalog('GRO-001'))).toEqual(['GRO-001']);
    expect(skus(await catalog('4001000000024'))).toEqual(['GRO-002']);
    expect(skus(await catalog('400100000001'))).toEqual(['GRO-001']);
    expect(skus(await catalog('50%'))).toEqual(['GRO-010']);
    expect(skus(await catalog('%'))).toEqual(['GRO-010']);
    expect(skus(await catalog('_'))).toEqual([]);
    expect(skus(await catalog('mug'))).toEqual([]);
  });

  it('names an unknown location', async () => {
    expect(
      await rejection(node.broker.call(A.catalog, { departmentCode: 'GROCERY', locationCode: 'ATTIC' })),
    ).toMatchObject({ type: 'not_found', data: { locationCode: 'ATTIC' } });
  });
});

describe('inventory.quote', () => {
  it('prices active products in the order asked', async () => {
    const quoted = await node.broker.call<Listed, object>(A.quote, { skus: ['GRO-002', 'GRO-001', 'GRO-002'] });
    expect(skus(quoted)).toEqual(['GRO-002', 'GRO-001']);
  });

  it('refuses unknown and inactive SKUs, naming them', async () => {
    expect(await rejection(node.broker.call(A.quote, { skus: ['GRO-001', 'GRO-011', 'NOPE'] }))).toMatchObject({
      type: 'not_found',
      code: 404,
      data: { skus: ['GRO-011', 'NOPE'] },
    });
  });
});

describe('inventory.products', () => {
  const product = {
    sku: 'NEW-1',
    barcode: '5000000000001',
    name: 'Notebook',
    priceMinor: 1_299,
    taxRateBp: 2000,
    departmentCode: 'HOME',
  };

  it('creates, reads and updates a product', async () => {
    const { broker } = node;
    expect(await broker.call(A.createProduct, product)).toEqual({ ...product, active: true });
    expect(await broker.call(A.getProduct, { sku: 'NEW-1' })).toEqual({ ...product, active: true });
    expect(await broker.call(A.updateProduct, { sku: 'NEW-1', priceMinor: 1_499, active: false })).toEqual({
      ...product,
      priceMinor: 1_499,
      active: false,
    });
    const listed = await broker.call<Listed, object>(A.listProducts, { departmentCode: 'HOME', q: 'note' });
    expect(skus(listed)).toEqual(['NEW-1']);
  });

  it('refuses a taken SKU or barcode with already_exists', async () => {
    const { broker } = node;
    await broker.call(A.createProduct, { ...product, sku: 'NEW-2', barcode: '5000000000002' });
    expect(await rejection(broker.call(A.createProduct, { ...product, sku: 'NEW-2', barcode: null }))).toMatchObject({
      type: 'already_exists',
      code: 409,
      data: { sku: 'NEW-2' },
    });
    expect(await rejection(broker.call(A.createProduct, { ...product, sku: 'NEW-3', barcode: '5000000000002' }))).toMatchObject({
      type: 'already_exists',
      data: { barcode: '5000000000002' },
    });
    expect(await rejection(broker.call(A.updateProduct, { sku: 'GRO-001', barcode: '5000000000002' }))).toMatchObject({
      type: 'already_exists',
      data: { barcode: '5000000000002' },
    });
  });

  it('answers not_found and validation_failed', async () => {
    const { broker } = node;
    expect(await rejection(broker.call(A.getProduct, { sku: 'NOPE' }))).toMatchObject({ type: 'not_found', data: { skus: ['NOPE'] } });
    expect(await rejection(broker.call(A.updateProduct, { sku: 'NOPE', name: 'x' }))).toMatchObject({ type: 'not_found' });
    expect(await rejection(broker.call(A.createProduct, { ...product, sku: 'NEW-4', priceMinor: 1.5 }))).toMatchObject({
      type: 'validation_failed',
    });
  });

  it('refuses a product of a department that does not exist, creating or moving it', async () => {
    const { broker, sql } = node;
    expect(await rejection(broker.call(A.createProduct, { ...product, sku: 'NEW-5', barcode: null, departmentCode: 'NOWHERE' }))).toMatchObject({
      type: 'validation_failed',
      data: { departmentCode: 'NOWHERE' },
    });
    expect(await countRows(sql, 'inventory.products', 'sku = $1', ['NEW-5'])).toBe(0);
    expect(await rejection(broker.call(A.updateProduct, { sku: 'HOM-001', departmentCode: 'NOWHERE' }))).toMatchObject({
      type: 'validation_failed',
    });
    expect(await countRows(sql, 'inventory.products', "sku = 'HOM-001' AND department_code = 'HOME'")).toBe(1);
  });
});
