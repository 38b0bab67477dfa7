import { departments, inventory, reports } from '@tillwire/contracts';
import { found, validatedAction, type RetryPolicy, type ServiceDependencies } from '@tillwire/platform';
import type { Context, Service, ServiceBroker, ServiceSchema } from 'moleculer';
import { createInventoryStore } from './db/inventory-store.repository';
import { STOCK_RETRY_POLICY } from './domain/retry-policy';
import { StockAttempts } from './domain/stock-attempts';
import { StockMemory } from './domain/stock-memory';
import { unwrap } from './inventory.errors';
import { startExpirySweeper, type ExpirySweeper } from './inventory.sweeper';
import { adjustStock } from './use-cases/adjust-stock';
import { browseCatalog } from './use-cases/browse-catalog';
import { checkConsistency } from './use-cases/check-consistency';
import { commitReservations } from './use-cases/commit-reservations';
import { countProducts } from './use-cases/count-products';
import { createProduct } from './use-cases/create-product';
import { daySales } from './use-cases/day-sales';
import { getAvailability } from './use-cases/get-availability';
import { getLocation } from './use-cases/get-location';
import { getProduct } from './use-cases/get-product';
import type { InventoryContext } from './use-cases/inventory-context';
import { listMovements } from './use-cases/list-movements';
import { listProducts } from './use-cases/list-products';
import { listReservations } from './use-cases/list-reservations';
import { listStock } from './use-cases/list-stock';
import { quoteProducts } from './use-cases/quote-products';
import { receiveStock } from './use-cases/receive-stock';
import { releaseReservations } from './use-cases/release-reservations';
import { rememberingStore } from './use-cases/remembering-store';
import { removeProduct } from './use-cases/remove-product';
import { reserveStock } from './use-cases/reserve-stock';
import { restockRefund } from './use-cases/restock-refund';
import { StockQueue } from './use-cases/stock-queue';
import { sweepExpiredReservations } from './use-cases/sweep-expired-reservations';
import { updateProduct } from './use-cases/update-product';

export interface InventoryServiceOptions {
  /** Tally of optimistic-lock attempts; pass one to read it (tests, metrics). */
  readonly attempts?: StockAttempts;
  readonly retry?: RetryPolicy;
  readonly sweepBatchSize?: number;
}

const A = inventory.InventoryActions;
const c = inventory;

/** A changed or removed product, broadcast once the change is done so prices cached elsewhere are dropped. */
async function announced<T extends { sku: string }>(context: Context, product: T): Promise<T> {
  await context.broadcast(inventory.InventoryEvents.productsChanged, { skus: [product.sku] });
  return product;
}

/** `inventory.products.list` → `products.list`: the action's name inside this service. */
function local(action: string): string {
  return action.slice('inventory.'.length);
}

/** Stock levels, reservations (TTL, optimistic locking) and the movements ledger. */
export function createInventoryService(
  { config, db }: ServiceDependencies,
  options: InventoryServiceOptions = {},
): ServiceSchema {
  const memory = new StockMemory();
  const ctx: InventoryContext = {
    store: rememberingStore(createInventoryStore(db.sql), memory),
    memory,
    queue: new StockQueue(),
    retry: options.retry ?? STOCK_RETRY_POLICY,
    attempts: options.attempts ?? new StockAttempts(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    departmentExists: (code) => found(broker.call(departments.DepartmentsActions.get, { code })),
    currency: config.store.currency,
  };
  let broker: ServiceBroker;
  let sweeper: ExpirySweeper | undefined;

  return {
    name: 'inventory',
    created(this: Service) {
      broker = this.broker;
    },
    actions: {
      [local(A.daySales)]: validatedAction({ params: reports.daySliceParams, handler: (p) => daySales(db.sql, p) }),
      [local(A.getLocation)]: validatedAction({
        params: c.getLocationParams,
        handler: async (p) => unwrap(await getLocation(ctx, p)),
      }),
      [local(A.quote)]: validatedAction({
        params: c.quoteParams,
        handler: async (p) => unwrap(await quoteProducts(ctx, p)),
      }),
      [local(A.reserve)]: validatedAction({
        params: c.reserveParams,
        handler: async (p) => {
          const reserved = unwrap(await reserveStock(ctx, { ...p, expiresAt: new Date(p.expiresAt) }));
          return { reservationIds: reserved.reservationIds, expiresAt: reserved.expiresAt.toISOString() };
        },
      }),
      [local(A.release)]: validatedAction({
        params: c.releaseParams,
        handler: async (p) => unwrap(await releaseReservations(ctx, p)),
      }),
      [local(A.commit)]: validatedAction({
        params: c.commitParams,
        handler: async (p) => unwrap(await commitReservations(ctx, p)),
      }),
      [local(A.restock)]: validatedAction({
        params: c.restockParams,
        handler: async (p) => unwrap(await restockRefund(ctx, p)),
      }),
      [local(A.availability)]: validatedAction({
        params: c.availabilityParams,
        handler: async (p) => unwrap(await getAvailability(ctx, p)),
      }),
      [local(A.receive)]: validatedAction({
        params: c.receiveParams,
        handler: async (p) => unwrap(await receiveStock(ctx, p)),
      }),
      [local(A.adjust)]: validatedAction({
        params: c.adjustParams,
        handler: async (p) => unwrap(await adjustStock(ctx, p)),
      }),
      [local(A.checkConsistency)]: validatedAction({
        params: c.checkConsistencyParams,
        handler: async () => unwrap(await checkConsistency(ctx)),
      }),
      [local(A.listStock)]: validatedAction({
        params: c.listStockParams,
        handler: async (p) => unwrap(await listStock(ctx, p)),
      }),
      [local(A.listReservations)]: validatedAction({
        params: c.listReservationsParams,
        handler: async (p) => unwrap(await listReservations(ctx, p)),
      }),
      [local(A.listMovements)]: validatedAction({
        params: c.listMovementsParams,
        handler: async (p) => unwrap(await listMovements(ctx, p)),
      }),
      [local(A.catalog)]: validatedAction({
        params: c.catalogParams,
        handler: async (p) => unwrap(await browseCatalog(ctx, p)),
      }),
      [local(A.listProducts)]: validatedAction({
        params: c.listProductsParams,
        handler: async (p) => unwrap(await listProducts(ctx, p)),
      }),
      [local(A.getProduct)]: validatedAction({
        params: c.getProductParams,
        handler: async (p) => unwrap(await getProduct(ctx, p)),
      }),
      [local(A.createProduct)]: validatedAction({
        params: c.createProductParams,
        handler: async (p) => unwrap(await createProduct(ctx, p)),
      }),
      [local(A.updateProduct)]: validatedAction({
        params: c.updateProductParams,
        handler: async (p, context) => announced(context, unwrap(await updateProduct(ctx, p))),
      }),
      [local(A.removeProduct)]: validatedAction({
        params: c.removeProductParams,
        handler: async (p, context) => announced(context, unwrap(await removeProduct(ctx, p))),
      }),
      [local(A.countProducts)]: validatedAction({
        params: c.countProductsParams,
        handler: async (p) => unwrap(await countProducts(ctx, p)),
      }),
    },

    started(this: Service) {
      sweeper = startExpirySweeper({
        intervalMs: config.checkout.reservationSweepSeconds * 1000,
        batchSize: options.sweepBatchSize ?? 200,
        sweep: (batchSize) => sweepExpiredReservations(ctx, batchSize),
        onExpired: async (transactionIds) => {
          const event: inventory.ReservationsExpiredEvent = { transactionIds };
          await this.broker.emit(inventory.InventoryEvents.reservationsExpired, event);
        },
        logger: this.logger,
      });
    },

    async stopped() {
      await sweeper?.stop();
      sweeper = undefined;
    },
  };
}
