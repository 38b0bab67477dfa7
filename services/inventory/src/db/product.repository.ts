import type { inventory } from '@tillwire/contracts';
import { toSafeNumber, type Db, type Prisma } from '@tillwire/platform';
import { asUniqueViolation } from './unique-violation';

type Product = inventory.Product;
export type CatalogItem = Product & { readonly available: number };
export type ProductPatch = Partial<Omit<Product, 'sku'>>;

export interface ProductFilter {
  readonly departmentCode?: string;
  /** Already LIKE-escaped: name contains it (any case), SKU or barcode starts with it. */
  readonly term?: string;
}

export interface ProductRepository {
  findBySkus(tx: Db, skus: readonly string[]): Promise<Product[]>;
  get(tx: Db, sku: string): Promise<Product | undefined>;
  list(tx: Db, filter: ProductFilter): Promise<Product[]>;
  /** Active products of a department with their live availability at a location (0 without a stock row). */
  catalog(tx: Db, filter: ProductFilter & { departmentCode: string; locationCode: string }): Promise<CatalogItem[]>;
  /** Throws UniqueViolation on a taken SKU or barcode. */
  create(tx: Db, product: Product): Promise<Product>;
  /** Throws UniqueViolation on a taken barcode. */
  update(tx: Db, sku: string, patch: ProductPatch): Promise<Product>;
  /** Which of `sku` / `barcode` another product already uses. */
  conflictOf(tx: Db, sku: string, barcode: string | null): Promise<'sku' | 'barcode' | undefined>;
}

const select = {
  sku: true,
  barcode: true,
  name: true,
  priceMinor: true,
  taxRateBp: true,
  departmentCode: true,
  active: true,
} as const;

type ProductRecord = Prisma.ProductGetPayload<{ select: typeof select }>;

function toProduct(record: ProductRecord): Product {
  return { ...record, priceMinor: toSafeNumber(record.priceMinor, `priceMinor of ${record.sku}`) };
}

function where(filter: ProductFilter): Prisma.ProductWhereInput {
  return {
    ...(filter.departmentCode ? { departmentCode: filter.departmentCode } : {}),
    ...(filter.term
      ? {
          OR: [
            { name: { contains: filter.term, mode: 'insensitive' } },
            { sku: { startsWith: filter.term, mode: 'insensitive' } },
            { barcode: { startsWith: filter.term } },
          ],
        }
      : {}),
  };
}

export function createProductRepository(): ProductRepository {
  return {
    async findBySkus(tx, skus) {
      return (await tx.product.findMany({ where: { sku: { in: [...skus] } }, select })).map(toProduct);
    },
    async get(tx, sku) {
      const record = await tx.product.findUnique({ where: { sku }, select });
      return record ? toProduct(record) : undefined;
    },
    async list(tx, filter) {
      return (await tx.product.findMany({ where: where(filter), select, orderBy: { sku: 'asc' } })).map(toProduct);
    },
    async catalog(tx, filter) {
      const records = await tx.product.findMany({
        where: { ...where(filter), active: true },
        select: { ...select, stockLevels: { where: { locationCode: filter.locationCode }, select: { onHand: true, reserved: true } } },
        orderBy: [{ name: 'asc' }, { sku: 'asc' }],
      });
      return records.map(({ stockLevels, ...record }) => ({
        ...toProduct(record),
        available: stockLevels[0] ? stockLevels[0].onHand - stockLevels[0].reserved : 0,
      }));
    },
    async create(tx, product) {
      try {
        return toProduct(await tx.product.create({ data: { ...product, priceMinor: BigInt(product.priceMinor) }, select }));
      } catch (error) {
        throw asUniqueViolation(error) ?? error;
      }
    },
    async update(tx, sku, patch) {
      const { priceMinor, ...rest } = patch;
      try {
        const record = await tx.product.update({
          where: { sku },
          data: { ...rest, ...(priceMinor === undefined ? {} : { priceMinor: BigInt(priceMinor) }) },
          select,
        });
        return toProduct(record);
      } catch (error) {
        throw asUniqueViolation(error) ?? error;
      }
    },
    async conflictOf(tx, sku, barcode) {
      const clash = await tx.product.findFirst({
        where: { OR: [{ sku }, ...(barcode ? [{ barcode }] : [])] },
        select: { sku: true },
      });
      if (!clash) return undefined;
      return clash.sku === sku ? 'sku' : 'barcode';
    },
  };
}
