import type { inventory } from '@tillwire/contracts';
import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import { asUniqueViolation } from './unique-violation';

type Product = inventory.Product;
export type CatalogItem = Product & { readonly available: number };
export type ProductStockRow = inventory.ProductStock;
export type ProductPatch = Partial<Omit<Product, 'sku'>>;

export interface ProductFilter {
  readonly departmentCode?: string;
  /** Already LIKE-escaped: name contains it (any case), SKU or barcode starts with it. */
  readonly term?: string;
}

export interface ProductRepository {
  findBySkus(tx: SqlExecutor, skus: readonly string[]): Promise<Product[]>;
  /**
   * The SKUs among `skus` that exist, each held (FOR KEY SHARE) until the transaction ends: a removal
   * of one of them waits for the transaction, or the transaction finds it gone.
   */
  holdBySkus(tx: SqlExecutor, skus: readonly string[]): Promise<string[]>;
  get(tx: SqlExecutor, sku: string): Promise<Product | undefined>;
  list(tx: SqlExecutor, filter: ProductFilter): Promise<Product[]>;
  /** Active products of a department with their live availability at a location (0 without a stock row). */
  catalog(tx: SqlExecutor, filter: ProductFilter & { departmentCode: string; locationCode: string }): Promise<CatalogItem[]>;
  /** Products, active or not, with their stock at a location (zeros without a stock row), by SKU. */
  stock(tx: SqlExecutor, filter: ProductFilter & { locationCode: string; limit: number }): Promise<ProductStockRow[]>;
  /** Throws UniqueViolation on a taken SKU or barcode. */
  create(tx: SqlExecutor, product: Product): Promise<Product>;
  /** Throws UniqueViolation on a taken barcode. */
  update(tx: SqlExecutor, sku: string, patch: ProductPatch): Promise<Product>;
  /** Which of `sku` / `barcode` another product already uses. */
  conflictOf(tx: SqlExecutor, sku: string, barcode: string | null): Promise<'sku' | 'barcode' | undefined>;
  /** The product, locked (FOR UPDATE) until the transaction ends; undefined when there is none. */
  lock(tx: SqlExecutor, sku: string): Promise<Product | undefined>;
  /** Deletes the product row; its stock rows must be gone already. False when there was none. */
  remove(tx: SqlExecutor, sku: string): Promise<boolean>;
  /** Products of a department, active or not. */
  countByDepartment(tx: SqlExecutor, departmentCode: string): Promise<number>;
}

const PRODUCT = `p.sku, p.barcode, p.name, p.price_minor AS "priceMinor", p.tax_rate_bp AS "taxRateBp",
                 p.department_code AS "departmentCode", p.active`;

type ProductRecord = Omit<Product, 'priceMinor'> & { priceMinor: bigint };

function toProduct({ priceMinor, ...record }: ProductRecord): Product {
  return { ...record, priceMinor: toSafeNumber(priceMinor, `priceMinor of ${record.sku}`) };
}

/** Columns a patch may set, by field. */
const PATCHABLE = {
  barcode: 'barcode',
  name: 'name',
  priceMinor: 'price_minor',
  taxRateBp: 'tax_rate_bp',
  departmentCode: 'department_code',
  active: 'active',
} as const satisfies Record<keyof ProductPatch, string>;

/** `filter` as conditions on `p` with its parameters numbered from `$first`; empty terms match everything. */
function matching(filter: ProductFilter, first: number): { where: string; params: unknown[] } {
  return {
    where: `($${first}::varchar IS NULL OR p.department_code = $${first})
        AND ($${first + 1}::text IS NULL
             OR p.name ILIKE '%' || $${first + 1} || '%' OR p.sku ILIKE $${first + 1} || '%' OR p.barcode LIKE $${first + 1} || '%')`,
    params: [filter.departmentCode ?? null, filter.term ?? null],
  };
}

export function createProductRepository(): ProductRepository {
  return {
    async findBySkus(tx, skus) {
      const records = await tx.query<ProductRecord>(`SELECT ${PRODUCT} FROM inventory.products p WHERE p.sku = ANY($1::varchar[])`, [
        skus,
      ]);
      return records.map(toProduct);
    },
    async holdBySkus(tx, skus) {
      const rows = await tx.query<{ sku: string }>('SELECT sku FROM inventory.products WHERE sku = ANY($1::varchar[]) FOR KEY SHARE', [skus]);
      return rows.map((row) => row.sku);
    },
    async get(tx, sku) {
      const [record] = await tx.query<ProductRecord>(`SELECT ${PRODUCT} FROM inventory.products p WHERE p.sku = $1`, [sku]);
      return record ? toProduct(record) : undefined;
    },
    async list(tx, filter) {
      const { where, params } = matching(filter, 1);
      const records = await tx.query<ProductRecord>(`SELECT ${PRODUCT} FROM inventory.products p WHERE ${where} ORDER BY p.sku`, params);
      return records.map(toProduct);
    },
    async catalog(tx, filter) {
      const { where, params } = matching(filter, 2);
      const records = await tx.query<ProductRecord & { available: number }>(
        `SELECT ${PRODUCT}, COALESCE(s.on_hand - s.reserved, 0) AS available
           FROM inventory.products p
           LEFT JOIN inventory.stock_levels s ON s.sku = p.sku AND s.location_code = $1
          WHERE p.active AND ${where}
          ORDER BY p.name, p.sku`,
        [filter.locationCode, ...params],
      );
      return records.map(({ available, ...record }) => ({ ...toProduct(record), available }));
    },
    async stock(tx, filter) {
      const { where, params } = matching(filter, 3);
      return tx.query<ProductStockRow>(
        `SELECT p.sku, p.name, p.department_code AS "departmentCode", p.active, $1::varchar AS "locationCode",
                COALESCE(s.on_hand, 0) AS "onHand", COALESCE(s.reserved, 0) AS reserved,
                COALESCE(s.on_hand - s.reserved, 0) AS available
           FROM inventory.products p
           LEFT JOIN inventory.stock_levels s ON s.sku = p.sku AND s.location_code = $1
          WHERE ${where}
          ORDER BY p.sku
          LIMIT $2::int`,
        [filter.locationCode, filter.limit, ...params],
      );
    },
    async create(tx, product) {
      try {
        const [record] = await tx.query<ProductRecord>(
          `INSERT INTO inventory.products AS p (sku, barcode, name, price_minor, tax_rate_bp, department_code, active, updated_at)
           VALUES ($1, $2, $3, $4::bigint, $5, $6, $7, now())
           RETURNING ${PRODUCT}`,
          [product.sku, product.barcode, product.name, product.priceMinor, product.taxRateBp, product.departmentCode, product.active],
        );
        return toProduct(record!);
      } catch (error) {
        throw asUniqueViolation(error) ?? error;
      }
    },
    async update(tx, sku, patch) {
      const fields = (Object.keys(PATCHABLE) as (keyof ProductPatch)[]).filter((field) => patch[field] !== undefined);
      const assignments = fields.map((field, i) => `${PATCHABLE[field]} = $${i + 2}`);
      try {
        const [record] = await tx.query<ProductRecord>(
          `UPDATE inventory.products AS p SET ${[...assignments, 'updated_at = now()'].join(', ')}
            WHERE p.sku = $1
           RETURNING ${PRODUCT}`,
          [sku, ...fields.map((field) => patch[field])],
        );
        if (!record) throw new Error(`No product ${sku} to update`);
        return toProduct(record);
      } catch (error) {
        throw asUniqueViolation(error) ?? error;
      }
    },
    async conflictOf(tx, sku, barcode) {
      const [clash] = await tx.query<{ sku: string }>(
        'SELECT sku FROM inventory.products WHERE sku = $1 OR barcode = $2 ORDER BY sku = $1 DESC LIMIT 1',
        [sku, barcode],
      );
      if (!clash) return undefined;
      return clash.sku === sku ? 'sku' : 'barcode';
    },
    async lock(tx, sku) {
      const [record] = await tx.query<ProductRecord>(`SELECT ${PRODUCT} FROM inventory.products p WHERE p.sku = $1 FOR UPDATE`, [sku]);
      return record ? toProduct(record) : undefined;
    },
    async remove(tx, sku) {
      return (await tx.execute('DELETE FROM inventory.products WHERE sku = $1', [sku])) === 1;
    },
    async countByDepartment(tx, departmentCode) {
      const [row] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM inventory.products WHERE department_code = $1', [
        departmentCode,
      ]);
      return row?.count ?? 0;
    },
  };
}
