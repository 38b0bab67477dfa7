import { z } from 'zod';
import { code, isoDateTime, nonNegativeMinor, requiredText, sku, stockLine, taxRateBp, text, uuid } from '../primitives';

/** Broker actions of the inventory service. Errors travel with `type` = InventoryErrorCode. */
export const InventoryActions = {
  quote: 'inventory.quote',
  reserve: 'inventory.reserve',
  release: 'inventory.release',
  commit: 'inventory.commit',
  restock: 'inventory.restock',
  availability: 'inventory.availability',
  receive: 'inventory.receive',
  adjust: 'inventory.adjust',
  checkConsistency: 'inventory.checkConsistency',
  catalog: 'inventory.catalog',
  listProducts: 'inventory.products.list',
  getProduct: 'inventory.products.get',
  createProduct: 'inventory.products.create',
  updateProduct: 'inventory.products.update',
  /** Deletes a product that holds no stock anywhere, with its all-zero stock rows; its movements stay. */
  removeProduct: 'inventory.products.remove',
  /** `{departmentCode} → {count}`: products of a department, active or not. */
  countProducts: 'inventory.products.count',
  getLocation: 'inventory.locations.get',
  /** `{from, to}` → the stock commit movements of the window per transaction (reconciliation). */
  daySales: 'inventory.daySales',
  /** `{locationCode, departmentCode?, q?, limit}` → every product's stock at a location, inactive ones and those without stock included. */
  listStock: 'inventory.stock.list',
  /** `{locationCode?, limit}` → the active reservations, soonest to expire first. */
  listReservations: 'inventory.reservations.list',
  /** `{kinds?, sku?, locationCode?, before?, limit}` → the movements ledger, newest first. */
  listMovements: 'inventory.movements.list',
} as const;

export enum InventoryErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  InsufficientStock = 'insufficient_stock',
  ReservationExpired = 'reservation_expired',
  InvalidState = 'invalid_state',
  /** Bounded optimistic-lock retries ran out under contention; safe to retry. */
  StockContention = 'stock_contention',
  AlreadyExists = 'already_exists',
}

export const product = z.object({
  sku,
  barcode: requiredText(64).nullable(),
  name: requiredText(200),
  priceMinor: nonNegativeMinor,
  taxRateBp,
  departmentCode: code,
  active: z.boolean(),
});
export type Product = z.infer<typeof product>;

export const quoteParams = z.object({ skus: z.array(sku).min(1).max(200) });
export const quoteResult = z.object({ products: z.array(product) });

export const reserveParams = z.object({
  transactionId: uuid,
  locationCode: code,
  lines: z.array(stockLine).min(1).max(200),
  expiresAt: isoDateTime,
});
export const reserveResult = z.object({ reservationIds: z.array(uuid), expiresAt: isoDateTime });

export const releaseParams = z.object({ transactionId: uuid, reason: z.enum(['cancelled', 'failed', 'expired']) });
export const releaseResult = z.object({ released: z.number().int() });

export const commitParams = z.object({ transactionId: uuid });
export const commitResult = z.object({ committed: z.number().int() });

export const restockParams = z.object({
  refundId: uuid,
  transactionId: uuid,
  locationCode: code,
  lines: z.array(stockLine).min(1).max(200),
});
/** Lines put back on hand; 0 when this refund id was already restocked. */
export const restockResult = z.object({ restocked: z.number().int() });

export const availabilityParams = z.object({ skus: z.array(sku).min(1).max(200), locationCode: code });
export const stockLevel = z.object({
  sku,
  locationCode: code,
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
});
export type StockLevel = z.infer<typeof stockLevel>;
/** One level per requested SKU, in request order. */
export const availabilityResult = z.object({ levels: z.array(stockLevel) });

export const receiveParams = z.object({
  locationCode: code,
  lines: z.array(stockLine).min(1).max(500),
  reference: requiredText(64).optional(),
});
export const adjustParams = z.object({
  locationCode: code,
  sku,
  /** Signed change of on-hand stock; never 0. */
  delta: z.number().int().min(-100_000).max(100_000).refine((d) => d !== 0, 'must not be 0'),
  reason: requiredText(500),
});
/** Levels after the receipt, one per distinct SKU, in SKU order. */
export const receiveResult = z.object({ levels: z.array(stockLevel) });
export const adjustResult = z.object({ level: stockLevel });

/** `inventory.stock.list`: a product with its stock at one location (zeros without a stock row). */
export const listStockParams = z.object({
  locationCode: code.default('MAIN'),
  departmentCode: code.optional(),
  q: text(100).optional(),
  limit: z.number().int().min(1).max(1_000).default(500),
});
export const productStock = stockLevel.extend({ name: z.string(), departmentCode: code, active: z.boolean() });
export type ProductStock = z.infer<typeof productStock>;
export const listStockResult = z.object({ levels: z.array(productStock) });

export const listReservationsParams = z.object({
  locationCode: code.optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
/** An active reservation: stock held for a checkout until it completes, is cancelled or expires. */
export const liveReservation = z.object({
  id: uuid,
  transactionId: uuid,
  sku,
  locationCode: code,
  quantity: z.number().int(),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type LiveReservation = z.infer<typeof liveReservation>;
export const listReservationsResult = z.object({ reservations: z.array(liveReservation) });

export const movementKind = z.enum(['receipt', 'adjust', 'reserve', 'release', 'commit', 'restock']);
export type MovementKind = z.infer<typeof movementKind>;
/** Movement ids are the ledger's bigserial, as decimal text. */
export const movementId = z.string().regex(/^[1-9][0-9]{0,17}$/, 'a whole number from 1');
export const listMovementsParams = z.object({
  kinds: z.array(movementKind).min(1).max(6).optional(),
  sku: sku.optional(),
  locationCode: code.optional(),
  /** The `nextCursor` of the previous page: movements with a smaller id. */
  before: movementId.optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type ListMovementsParams = z.output<typeof listMovementsParams>;
export const stockMovement = z.object({
  id: movementId,
  sku,
  locationCode: code,
  kind: movementKind,
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  /** The transaction, refund or receipt reference the movement belongs to. */
  reference: z.string().nullable(),
  /** Why an adjustment was made. */
  reason: z.string().nullable(),
  at: z.string(),
});
export type StockMovement = z.infer<typeof stockMovement>;
export const listMovementsResult = z.object({ movements: z.array(stockMovement), nextCursor: movementId.nullable() });

export const consistencyMismatch = z.object({
  sku,
  locationCode: code,
  onHand: z.number().int(),
  reserved: z.number().int(),
  ledgerOnHand: z.number().int(),
  ledgerReserved: z.number().int(),
});
export const checkConsistencyParams = z.object({});
export const consistencyResult = z.object({ checked: z.number().int(), mismatches: z.array(consistencyMismatch) });

/** A stock location; terminals sell from one. */
export const getLocationParams = z.object({ code });
export const location = z.object({ code });

export const catalogParams = z.object({
  departmentCode: code,
  locationCode: code,
  q: text(100).optional(),
});
export const catalogItem = product.extend({ available: z.number().int() });
/** The menu and the currency (STORE_CURRENCY) its prices are in. */
export const catalogResult = z.object({ products: z.array(catalogItem), currency: z.string().length(3) });

export const listProductsParams = z.object({ departmentCode: code.optional(), q: text(100).optional() });
export const listProductsResult = z.object({ products: z.array(product) });
/** products.get, products.create and products.update answer with the product itself. */
export const getProductParams = z.object({ sku });
export const createProductParams = product.omit({ active: true }).extend({ active: z.boolean().default(true) });
export const updateProductParams = product.partial().required({ sku: true });
/** products.remove answers with the product as it was. */
export const removeProductParams = z.object({ sku });
/** `invalid_state` details of a product that still holds stock: sums over all locations. */
export const productInStock = z.object({ reason: z.literal('in_stock'), onHand: z.number().int(), reserved: z.number().int() });
export type ProductInStock = z.infer<typeof productInStock>;
export const countProductsParams = z.object({ departmentCode: code });
export const countProductsResult = z.object({ count: z.number().int().min(0) });

/** Broker events the inventory service emits. */
export const InventoryEvents = {
  reservationsExpired: 'inventory.reservations.expired',
  /** Broadcast after products were changed or removed: `{ skus }`; the transactions service caches prices until then. */
  productsChanged: 'inventory.products.changed',
} as const;
export const productsChangedEvent = z.object({ skus: z.array(sku).min(1) });
/** The sweeper expired these transactions' reservations (status → expired, stock returned). */
export const reservationsExpiredEvent = z.object({ transactionIds: z.array(uuid).min(1) });
export type ReservationsExpiredEvent = z.infer<typeof reservationsExpiredEvent>;
