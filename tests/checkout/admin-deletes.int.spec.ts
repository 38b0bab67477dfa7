import type { Service } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { startCheckoutPlatform, type CheckoutPlatform, type HttpResult } from './checkout-api';

/**
 * DELETE /admin/departments/{code}, /admin/products/{sku} and /admin/terminals/{id} over the seeded
 * demo store: 204 with no body, or a typed refusal that leaves every row as it was.
 */

interface Transaction {
  id: string;
  status: string;
  totals: { totalMinor: number };
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
interface Product {
  sku: string;
  departmentCode: string;
}
interface Level {
  sku: string;
  locationCode: string;
  onHand: number;
  reserved: number;
}

let api: CheckoutPlatform;
let listener: Service;
/** Ids of every `terminals.changed` broadcast the node heard. */
const changed: string[] = [];

beforeAll(async () => {
  api = await startCheckoutPlatform();
  listener = api.node.broker.createService({
    name: 'admin-deletes-listener',
    events: {
      'terminals.changed'(ctx: { params: { id: string } }) {
        changed.push(ctx.params.id);
      },
    },
  });
  await api.node.broker.waitForServices('admin-deletes-listener');
}, 120_000);
afterAll(async () => {
  if (listener) await api.node.broker.destroyService(listener);
  await api?.stop();
});

const sql = <Row extends object>(text: string, params: unknown[] = []) => api.node.database.db.sql.query<Row>(text, params);

/** Every row the deletes could touch, as text: equal before and after a refusal. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = [
    'departments.departments',
    'departments.ledger_entries',
    'inventory.products',
    'inventory.stock_levels',
    'inventory.stock_movements',
    'inventory.reservations',
    'terminals.terminals',
    'terminals.events',
    'terminals.certificates',
  ];
  const rows = await sql<{ name: string; rows: string }>(
    tables
      .map((table) => `SELECT '${table}' AS name, count(*) || ' ' || md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) AS rows FROM ${table} r`)
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.rows]));
}

function expectNoContent(result: HttpResult) {
  expect(result.status, result.text).toBe(204);
  expect(result.text).toBe('');
}

function expectError(result: HttpResult, status: number, code: string, details?: Record<string, unknown>) {
  expect(result.status, result.text).toBe(status);
  const { error } = result.body as unknown as ErrorBody;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  if (details) expect(error.details).toEqual(details);
}

const productSkus = async (query = '') => (await api.get<{ products: Product[] }>(`/admin/products${query}`)).body.products.map((p) => p.sku);
const terminalIds = async (departmentCode?: string) =>
  (await api.get<{ terminals: Array<{ id: string; departmentCode: string }> }>('/admin/terminals')).body.terminals
    .filter((t) => departmentCode === undefined || t.departmentCode === departmentCode)
    .map((t) => t.id);
const departmentCodes = async () => (await api.get<{ departments: Array<{ code: string }> }>('/admin/departments')).body.departments.map((d) => d.code);
const catalogSkus = async (terminalId: string) =>
  (await api.get<{ products: Product[] }>(`/catalog/products?terminalId=${terminalId}`)).body.products.map((p) => p.sku);
const stockRows = (sku: string) =>
  sql<Level>('SELECT sku, location_code AS "locationCode", on_hand AS "onHand", reserved FROM inventory.stock_levels WHERE sku = $1 ORDER BY location_code', [sku]);
const movementCount = async (sku: string) =>
  (await sql<{ n: number }>('SELECT count(*)::int AS n FROM inventory.stock_movements WHERE sku = $1', [sku]))[0]!.n;

async function createProduct(sku: string, departmentCode: string) {
  const created = await api.post('/admin/products', { sku, barcode: null, name: `Test ${sku}`, priceMinor: 250, taxRateBp: 2000, departmentCode });
  expect(created.status, created.text).toBe(201);
}

/** Adjusts every location's on-hand stock of `sku` down to zero. */
async function emptyStock(sku: string) {
  for (const row of await stockRows(sku)) {
    expect(row.reserved, `${sku} has reservations`).toBe(0);
    if (row.onHand === 0) continue;
    const adjusted = await api.post('/inventory/adjustments', { locationCode: row.locationCode, sku, delta: -row.onHand, reason: 'stock taken out for removal' });
    expect(adjusted.status, adjusted.text).toBe(201);
  }
}

async function reserve(terminalId: string, sku: string, quantity = 1): Promise<Transaction> {
  const created = await api.post<Transaction>('/pos/transactions', { terminalId, lines: [{ sku, quantity }] });
  expect(created.status, created.text).toBe(201);
  return created.body;
}

/** A product with an all-zero stock row at MAIN. */
async function receiveThenEmpty(sku: string) {
  expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku, quantity: 1 }] })).status).toBe(201);
  await emptyStock(sku);
}

/**
 * Locks the product's stock rows on a connection of its own, as a writer stuck mid-way would, until the
 * returned function is called: requests that need those rows queue behind it in a known order.
 */
async function holdStockRow(sku: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const held = api.node.database.db.sql.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM inventory.stock_levels WHERE sku = $1 FOR UPDATE', [sku]);
    locked();
    await released;
  });
  await Promise.race([isLocked, held]);
  return async () => {
    release();
    await held;
  };
}

/** Until `count` statements of this test's database wait for a lock. */
const waitingForLocks = (count: number) =>
  waitFor(async () => {
    const [row] = await sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    return row!.n >= count ? true : undefined;
  }, 10_000);

const cancel = async (id: string) => expect((await api.post(`/pos/transactions/${id}/cancel`, {})).status).toBe(200);

describe('DELETE /admin/products/{sku}', () => {
  it('deletes a product whose stock is all zero with its stock rows: gone from the list, the catalog and availability; its movements stay', async () => {
    expect(await catalogSkus('T1')).toContain('GRO-020');
    await emptyStock('GRO-020');
    expect(await stockRows('GRO-020')).toEqual([{ sku: 'GRO-020', locationCode: 'MAIN', onHand: 0, reserved: 0 }]);
    const movements = await movementCount('GRO-020');
    expect(movements).toBe(2); // opening stock and the adjustment

    expectNoContent(await api.delete('/admin/products/GRO-020'));

    expect(await stockRows('GRO-020')).toEqual([]);
    expect(await movementCount('GRO-020')).toBe(movements);
    expect(await productSkus('?departmentCode=GROCERY')).not.toContain('GRO-020');
    expect(await catalogSkus('T1')).not.toContain('GRO-020');
    expectError(await api.get('/inventory/availability?skus=GRO-020'), 404, 'not_found');
    expectError(await api.put('/admin/products/GRO-020', { name: 'Back again' }), 404, 'not_found');
    expectError(await api.post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-020', quantity: 1 }] }), 404, 'not_found');
    // Inventory's ledger still adds up without the product's stock row.
    expect(await api.node.broker.call('inventory.checkConsistency', {})).toMatchObject({ mismatches: [] });
  });

  it('deletes a product that never had stock, and answers a repeated delete with 404', async () => {
    await createProduct('DEL-NEW-1', 'HOME');
    expectNoContent(await api.delete('/admin/products/DEL-NEW-1'));
    expect(await productSkus('?q=DEL-NEW')).toEqual([]);
    expectError(await api.delete('/admin/products/DEL-NEW-1'), 404, 'not_found');
  });

  it('refunds a sale of a product deleted since: the money goes back, the goods are not restocked', async () => {
    await createProduct('GONE-1', 'GROCERY');
    expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku: 'GONE-1', quantity: 2 }] })).status).toBe(201);
    const sale = await reserve('T1', 'GONE-1', 2);
    const paid = await api.post<Transaction>(`/pos/transactions/${sale.id}/complete`, { payments: [{ method: 'cash', amountMinor: sale.totals.totalMinor }] });
    expect(paid.body.status, paid.text).toBe('completed');
    expectNoContent(await api.delete('/admin/products/GONE-1'));
    const movements = await movementCount('GONE-1');
    const refund = await api.post<Transaction>(`/pos/transactions/${sale.id}/refunds`, { lines: [{ sku: 'GONE-1', quantity: 2 }], reason: 'returned' });
    expect(refund.status, refund.text).toBe(201);
    expect(refund.body.status).toBe('refunded');
    expect(await stockRows('GONE-1')).toEqual([]);
    expect(await movementCount('GONE-1')).toBe(movements);
  });

  it('refuses a product with stock at any location: 409 in_stock with on hand and reserved summed over all locations; nothing changes', async () => {
    await sql("INSERT INTO inventory.locations (code, name) VALUES ('BACK', 'Back room') ON CONFLICT DO NOTHING");
    expect((await api.post('/inventory/receipts', { locationCode: 'BACK', lines: [{ sku: 'GRO-010', quantity: 5 }] })).status).toBe(201);
    const reserved = await reserve('T1', 'GRO-010', 2);
    const rows = await stockRows('GRO-010');
    expect(rows.map((r) => r.locationCode)).toEqual(['BACK', 'MAIN']);
    const onHand = rows.reduce((sum, r) => sum + r.onHand, 0);
    const before = await snapshot();

    expectError(await api.delete('/admin/products/GRO-010'), 409, 'invalid_state', { reason: 'in_stock', onHand, reserved: 2 });
    expect(await snapshot()).toEqual(before);

    // Stock at one location is enough to refuse, even with none left at the other.
    await cancel(reserved.id);
    const main = rows.find((r) => r.locationCode === 'MAIN')!;
    expect((await api.post('/inventory/adjustments', { locationCode: 'MAIN', sku: 'GRO-010', delta: -main.onHand, reason: 'count' })).status).toBe(201);
    const emptiedMain = await snapshot();
    expectError(await api.delete('/admin/products/GRO-010'), 409, 'invalid_state', { reason: 'in_stock', onHand: 5, reserved: 0 });
    expect(await snapshot()).toEqual(emptiedMain);
    expect(await productSkus('?q=GRO-010')).toEqual(['GRO-010']);
  });

  it('a receipt that reaches the product after a delete locked it finds it gone (404), and the delete goes through', async () => {
    await createProduct('DEL-RACE-1', 'HOME');
    await receiveThenEmpty('DEL-RACE-1');
    // A writer stuck on the stock row holds the delete after it has locked the product.
    const release = await holdStockRow('DEL-RACE-1');
    const removed = api.delete('/admin/products/DEL-RACE-1');
    await waitingForLocks(1);
    const received = api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku: 'DEL-RACE-1', quantity: 3 }] });
    await waitingForLocks(2);
    await release();

    expectNoContent(await removed);
    expectError(await received, 404, 'not_found', { skus: ['DEL-RACE-1'] });
    expect(await stockRows('DEL-RACE-1')).toEqual([]);
    expect(await productSkus('?q=DEL-RACE-1')).toEqual([]);
  });

  it('a delete that reaches the product while a receipt writes its stock waits for it and is refused (409 in_stock)', async () => {
    await createProduct('DEL-RACE-2', 'HOME');
    await receiveThenEmpty('DEL-RACE-2');
    const release = await holdStockRow('DEL-RACE-2');
    const received = api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku: 'DEL-RACE-2', quantity: 3 }] });
    await waitingForLocks(1);
    const removed = api.delete('/admin/products/DEL-RACE-2');
    await waitingForLocks(2);
    await release();

    expect((await received).status).toBe(201);
    expectError(await removed, 409, 'invalid_state', { reason: 'in_stock', onHand: 3, reserved: 0 });
    expect(await stockRows('DEL-RACE-2')).toEqual([{ sku: 'DEL-RACE-2', locationCode: 'MAIN', onHand: 3, reserved: 0 }]);
    expect(await api.node.broker.call('inventory.checkConsistency', {})).toMatchObject({ mismatches: [] });
  });
});

describe('DELETE /admin/terminals/{id}', () => {
  it('deletes a terminal with its events and certificates, broadcasts the change, and a checkout on it is refused at once', async () => {
    // A checkout puts T6 into the transactions service's binding cache.
    await cancel((await reserve('T6', 'ELE-003')).id);
    await sql("INSERT INTO terminals.events (terminal_id, type, payload) VALUES ('T6', 'connected', '{}'), ('T6', 'disconnected', '{}')");
    await sql(
      `INSERT INTO terminals.certificates (serial_number, terminal_id, fingerprint, pem, not_before, not_after)
       VALUES ('DEL-T6-1', 'T6', 'fp-del-t6-1', 'pem', now(), now() + interval '1 year')`,
    );
    const others = await sql<{ n: number }>("SELECT count(*)::int AS n FROM terminals.events WHERE terminal_id <> 'T6'");

    expectNoContent(await api.delete('/admin/terminals/T6'));

    expect(await terminalIds()).not.toContain('T6');
    expect(await sql("SELECT 1 FROM terminals.events WHERE terminal_id = 'T6'")).toEqual([]);
    expect(await sql("SELECT 1 FROM terminals.certificates WHERE terminal_id = 'T6'")).toEqual([]);
    expect(await sql<{ n: number }>("SELECT count(*)::int AS n FROM terminals.events WHERE terminal_id <> 'T6'")).toEqual(others);
    expect(changed).toContain('T6');
    // Well inside the cache's time limit: only the broadcast can have evicted T6.
    expectError(await api.post('/pos/transactions', { terminalId: 'T6', lines: [{ sku: 'ELE-003', quantity: 1 }] }), 404, 'not_found');
    expectError(await api.get('/catalog/products?terminalId=T6'), 404, 'not_found');
    expectError(await api.put('/admin/terminals/T6', { name: 'Back again' }), 404, 'not_found');
    expectError(await api.delete('/admin/terminals/T6'), 404, 'not_found');
  });

  it('refuses a terminal with an open (reserved) transaction: 409 open_transactions with the count; allows it once cancelled', async () => {
    const open = await reserve('T3', 'HOM-003');
    const before = await snapshot();
    changed.length = 0;

    expectError(await api.delete('/admin/terminals/T3'), 409, 'invalid_state', { reason: 'open_transactions', count: 1 });
    expect(await snapshot()).toEqual(before);
    expect(await terminalIds()).toContain('T3');
    expect(changed).toEqual([]);
    // The refused terminal still sells.
    const another = await reserve('T3', 'HOM-003');
    expectError(await api.delete('/admin/terminals/T3'), 409, 'invalid_state', { reason: 'open_transactions', count: 2 });

    await cancel(open.id);
    await cancel(another.id);
    expectNoContent(await api.delete('/admin/terminals/T3'));
    expect(await terminalIds()).not.toContain('T3');
    expect(changed).toEqual(['T3']);
  });
});

describe('DELETE /admin/departments/{code}', () => {
  it('refuses a department in use with the counts of its terminals and products; nothing changes', async () => {
    const before = await snapshot();
    const terminals = (await terminalIds('GROCERY')).length;
    const products = (await productSkus('?departmentCode=GROCERY')).length;
    expect(terminals).toBeGreaterThan(0);
    expect(products).toBeGreaterThan(0);
    expectError(await api.delete('/admin/departments/GROCERY'), 409, 'invalid_state', { reason: 'in_use', terminals, products });
    expect(await snapshot()).toEqual(before);
    expect(await departmentCodes()).toContain('GROCERY');
  });

  it('refuses a department that only a terminal, or only a product, names', async () => {
    expect((await api.post('/admin/departments', { code: 'KIOSK', name: 'Kiosk' })).status).toBe(201);
    expect((await api.post('/admin/terminals', { id: 'K1', name: 'Kiosk till', departmentCode: 'KIOSK', vendor: 'simulator' })).status).toBe(201);
    expectError(await api.delete('/admin/departments/KIOSK'), 409, 'invalid_state', { reason: 'in_use', terminals: 1, products: 0 });
    expectNoContent(await api.delete('/admin/terminals/K1'));

    await createProduct('KSK-1', 'KIOSK');
    expectError(await api.delete('/admin/departments/KIOSK'), 409, 'invalid_state', { reason: 'in_use', terminals: 0, products: 1 });
    // An inactive product belongs to its department all the same.
    expect((await api.put('/admin/products/KSK-1', { active: false })).status).toBe(200);
    expectError(await api.delete('/admin/departments/KIOSK'), 409, 'invalid_state', { reason: 'in_use', terminals: 0, products: 1 });
    expectNoContent(await api.delete('/admin/products/KSK-1'));

    expectNoContent(await api.delete('/admin/departments/KIOSK'));
    expect(await departmentCodes()).not.toContain('KIOSK');
  });

  it('deletes a department freed by deleting its products and terminals; its ledger entries stay', async () => {
    // A completed sale leaves ELECTRONICS ledger entries behind.
    const sale = await reserve('T5', 'ELE-001', 2);
    const paid = await api.post<Transaction>(`/pos/transactions/${sale.id}/complete`, { payments: [{ method: 'cash', amountMinor: sale.totals.totalMinor }] });
    expect(paid.body.status, paid.text).toBe('completed');
    const ledger = () => api.node.broker.call<{ entries: Array<{ departmentCode: string; amountMinor: number }> }, object>('departments.ledger', { transactionId: sale.id });
    const entries = (await ledger()).entries;
    expect(entries.map((e) => e.departmentCode)).toEqual(['ELECTRONICS']);

    const products = await productSkus('?departmentCode=ELECTRONICS');
    const terminals = await terminalIds('ELECTRONICS');
    expect(products).toHaveLength(20);
    expect(terminals).toEqual(['T5']); // T6 went in the terminal tests
    expectError(await api.delete('/admin/departments/ELECTRONICS'), 409, 'invalid_state', { reason: 'in_use', terminals: 1, products: 20 });

    for (const sku of products) {
      await emptyStock(sku);
      expectNoContent(await api.delete(`/admin/products/${sku}`));
    }
    expectError(await api.delete('/admin/departments/ELECTRONICS'), 409, 'invalid_state', { reason: 'in_use', terminals: 1, products: 0 });
    for (const id of terminals) expectNoContent(await api.delete(`/admin/terminals/${id}`));

    expectNoContent(await api.delete('/admin/departments/ELECTRONICS'));
    expect(await departmentCodes()).toEqual(['GROCERY', 'HOME']);
    expect((await ledger()).entries).toEqual(entries);
    expectError(await api.delete('/admin/departments/ELECTRONICS'), 404, 'not_found');
    expectError(await api.put('/admin/departments/ELECTRONICS', { name: 'Back again' }), 404, 'not_found');
    // Nothing can name it any more.
    expectError(await api.post('/admin/terminals', { id: 'T7', name: 'x', departmentCode: 'ELECTRONICS', vendor: 'nexo' }), 400, 'validation_failed');
    expectError(
      await api.post('/admin/products', { sku: 'ELE-NEW', barcode: null, name: 'x', priceMinor: 1, taxRateBp: 0, departmentCode: 'ELECTRONICS' }),
      400,
      'validation_failed',
    );
  });
});

describe('deletes of what does not exist, or with a malformed path', () => {
  it('answers 404 not_found for an unknown code, SKU or id', async () => {
    const before = await snapshot();
    expectError(await api.delete('/admin/departments/NOPE'), 404, 'not_found', { code: 'NOPE' });
    expectError(await api.delete('/admin/products/NOPE-001'), 404, 'not_found', { skus: ['NOPE-001'] });
    expectError(await api.delete('/admin/terminals/T404'), 404, 'not_found', { terminalId: 'T404' });
    // Codes, SKUs and ids are case-sensitive: these name nothing.
    expectError(await api.delete('/admin/products/gro-001'), 404, 'not_found');
    expectError(await api.delete('/admin/terminals/t1'), 404, 'not_found');
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 validation_failed for a malformed path parameter, and changes nothing', async () => {
    const before = await snapshot();
    for (const path of [
      '/admin/departments/grocery',
      '/admin/departments/%20',
      `/admin/departments/${'A'.repeat(33)}`,
      '/admin/departments/%ZZ',
      '/admin/products/%20%20',
      `/admin/products/${'P'.repeat(65)}`,
      '/admin/products/GRO%00-001',
      '/admin/terminals/T%201',
      '/admin/terminals/T1%2Fx',
      `/admin/terminals/${'T'.repeat(33)}`,
    ]) {
      const result = await api.delete(path);
      expect(result.status, `${path} → ${result.text}`).toBe(400);
      expect((result.body as unknown as ErrorBody).error.code, path).toBe('validation_failed');
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the OpenAPI document', () => {
  it('documents each delete as 204 with no content, with the error responses', async () => {
    const { body } = await api.get<{ paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>> }>('/openapi.json');
    for (const path of ['/admin/departments/{code}', '/admin/products/{sku}', '/admin/terminals/{id}']) {
      const responses = body.paths[path]!.delete!.responses;
      expect(responses['204'], path).toBeDefined();
      expect(responses['204']!.content, path).toBeUndefined();
      expect(Object.keys(responses), path).toEqual(expect.arrayContaining(['400', '404', '409', '503']));
    }
  });
});
