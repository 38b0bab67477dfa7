import { createBroker, parseConfig, type SqlExecutor } from '@tillwire/platform';
import { createTestDatabase, loadServiceModule, type TestDatabase } from '@tillwire/platform/testing';
import type { Errors, ServiceBroker } from 'moleculer';
import { StockAttempts } from '../domain/stock-attempts';
import type { StockRow } from '../domain/stock';
import { createInventoryService, type InventoryServiceOptions } from '../inventory.service';

export interface InventoryTestNode {
  readonly broker: ServiceBroker;
  readonly database: TestDatabase;
  readonly sql: SqlExecutor;
  readonly attempts: StockAttempts;
  /** Every statement the inventory service ran, in order; a test may empty it. */
  readonly statements: string[];
  stop(): Promise<void>;
}

/**
 * A real broker (local transporter) running the inventory service on a fresh migrated PostgreSQL
 * database, or on `database` when given (several nodes sharing one database).
 */
export async function startInventoryNode(
  env: Readonly<Record<string, string>> = {},
  database?: TestDatabase,
  options: InventoryServiceOptions = {},
): Promise<InventoryTestNode> {
  const db = database ?? (await createTestDatabase('tw_inventory'));
  const config = parseConfig({ LOG_LEVEL: 'warn', ...env });
  const broker = createBroker(config, { role: 'inventory-test' });
  const attempts = new StockAttempts();
  const statements: string[] = [];
  const recorded = { ...db.db, sql: recording(db.db.sql, statements) };
  broker.createService(createInventoryService({ config, db: recorded }, { ...options, attempts }));
  // Products belong to departments, which the departments service vouches for.
  broker.createService((await loadServiceModule('departments')).create({ config, db: db.db }));
  await db.db.sql.execute(
    `INSERT INTO departments.departments (code, name, updated_at)
     VALUES ('GROCERY', 'Grocery', now()), ('HOME', 'Home', now())
     ON CONFLICT (code) DO NOTHING`,
  );
  await broker.start();
  return {
    broker,
    database: db,
    sql: db.db.sql,
    attempts,
    statements,
    async stop() {
      await broker.stop();
      if (!database) await db.drop();
    },
  };
}

/** `sql`, logging the text of every statement it (or a transaction it opens) runs into `log`. */
function recording(sql: SqlExecutor, log: string[]): SqlExecutor {
  return {
    query(text, params) {
      log.push(text);
      return sql.query(text, params);
    },
    execute(text, params) {
      log.push(text);
      return sql.execute(text, params);
    },
    exec(script) {
      log.push(script);
      return sql.exec(script);
    },
    transaction: (work) => sql.transaction((tx) => work(recording(tx, log))),
    afterCommit: (effect) => sql.afterCommit(effect),
  };
}

export interface SeedProduct {
  readonly sku: string;
  /** Without it the product has no stock row. */
  readonly onHand?: number;
  readonly name?: string;
  readonly barcode?: string | null;
  readonly departmentCode?: string;
  readonly locationCode?: string;
  readonly active?: boolean;
  readonly priceMinor?: number;
  readonly taxRateBp?: number;
}

/** A product and, given `onHand`, its stock level with the receipt movement that explains it (so the ledger balances). */
export async function seedProduct(sql: SqlExecutor, product: SeedProduct): Promise<void> {
  const locationCode = product.locationCode ?? 'MAIN';
  await sql.transaction(async (tx) => {
    await tx.execute(
      `INSERT INTO inventory.locations (code, name) VALUES ($1, $1) ON CONFLICT (code) DO NOTHING`,
      [locationCode],
    );
    await tx.execute(
      `INSERT INTO inventory.products (sku, barcode, name, price_minor, tax_rate_bp, department_code, active, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [
        product.sku,
        product.barcode ?? null,
        product.name ?? `Product ${product.sku}`,
        product.priceMinor ?? 250,
        product.taxRateBp ?? 2000,
        product.departmentCode ?? 'GROCERY',
        product.active ?? true,
      ],
    );
    if (product.onHand === undefined) return;
    await tx.execute(
      `INSERT INTO inventory.stock_levels (sku, location_code, on_hand, updated_at) VALUES ($1, $2, $3, now())`,
      [product.sku, locationCode, product.onHand],
    );
    await tx.execute(
      `INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reason)
       VALUES ($1, $2, 'receipt', $3, 0, 'test stock')`,
      [product.sku, locationCode, product.onHand],
    );
  });
}

export async function stockOf(sql: SqlExecutor, sku: string, locationCode = 'MAIN'): Promise<Pick<StockRow, 'onHand' | 'reserved' | 'version'>> {
  const [row] = await sql.query<Pick<StockRow, 'onHand' | 'reserved' | 'version'>>(
    `SELECT on_hand AS "onHand", reserved, version FROM inventory.stock_levels WHERE sku = $1 AND location_code = $2`,
    [sku, locationCode],
  );
  if (!row) throw new Error(`No stock row for ${sku} at ${locationCode}`);
  return row;
}

/** How many rows of `table` match `where` (with `$1`… from `params`). */
export async function countRows(sql: SqlExecutor, table: string, where: string, params: readonly unknown[] = []): Promise<number> {
  const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return row!.n;
}

/** The broker error a call rejected with (`type` = domain code, `data` = details); fails if it succeeded. */
export async function rejection(call: Promise<unknown>): Promise<Errors.MoleculerError> {
  try {
    await call;
  } catch (error) {
    return error as Errors.MoleculerError;
  }
  throw new Error('expected the call to fail');
}

export function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}
