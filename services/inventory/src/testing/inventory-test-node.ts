import { createBroker, parseConfig, type PrismaClient } from '@tillwire/platform';
import { loadServiceModule } from '@tillwire/platform/testing';
import type { Errors, ServiceBroker } from 'moleculer';
import { createTestDatabase, type TestDatabase } from '@tillwire/platform/testing';
import { StockAttempts } from '../domain/stock-attempts';
import { createInventoryService, type InventoryServiceOptions } from '../inventory.service';

export interface InventoryTestNode {
  readonly broker: ServiceBroker;
  readonly database: TestDatabase;
  readonly prisma: PrismaClient;
  readonly attempts: StockAttempts;
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
  broker.createService(createInventoryService({ config, db: db.db }, { ...options, attempts }));
  // Products belong to departments, which the departments service vouches for.
  broker.createService((await loadServiceModule('departments')).create({ config, db: db.db }));
  await db.db.prisma.department.createMany({
    data: [
      { code: 'GROCERY', name: 'Grocery' },
      { code: 'HOME', name: 'Home' },
    ],
    skipDuplicates: true,
  });
  await broker.start();
  return {
    broker,
    database: db,
    prisma: db.db.prisma,
    attempts,
    async stop() {
      await broker.stop();
      if (!database) await db.drop();
    },
  };
}

export interface SeedProduct {
  readonly sku: string;
  readonly onHand?: number;
  readonly name?: string;
  readonly barcode?: string | null;
  readonly departmentCode?: string;
  readonly locationCode?: string;
  readonly active?: boolean;
  readonly priceMinor?: number;
}

/** A product with a stock level and the receipt movement that explains it (so the ledger balances). */
export async function seedProduct(prisma: PrismaClient, product: SeedProduct): Promise<void> {
  const locationCode = product.locationCode ?? 'MAIN';
  const onHand = product.onHand ?? 0;
  await prisma.$transaction([
    prisma.location.upsert({ where: { code: locationCode }, create: { code: locationCode, name: locationCode }, update: {} }),
    prisma.product.create({
      data: {
        sku: product.sku,
        barcode: product.barcode ?? null,
        name: product.name ?? `Product ${product.sku}`,
        priceMinor: BigInt(product.priceMinor ?? 250),
        taxRateBp: 2000,
        departmentCode: product.departmentCode ?? 'GROCERY',
        active: product.active ?? true,
      },
    }),
    prisma.stockLevel.create({ data: { sku: product.sku, locationCode, onHand } }),
    prisma.stockMovement.create({
      data: { sku: product.sku, locationCode, kind: 'receipt', onHandDelta: onHand, reservedDelta: 0, reason: 'test stock' },
    }),
  ]);
}

export async function stockOf(prisma: PrismaClient, sku: string, locationCode = 'MAIN') {
  return prisma.stockLevel.findUniqueOrThrow({
    where: { sku_locationCode: { sku, locationCode } },
    select: { onHand: true, reserved: true, version: true },
  });
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
