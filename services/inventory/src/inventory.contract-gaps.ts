import { inventory, sku, uuid } from '@tillwire/contracts';
import { z } from 'zod';

/*
 * Schemas the inventory contract does not define yet. They belong in
 * libs/contracts/src/broker/inventory.contract.ts; until they land there, the service uses these.
 */

export const getProductParams = z.object({ sku });
export const checkConsistencyParams = z.object({});
export const restockResult = z.object({ restocked: z.number().int() });
export const availabilityResult = z.object({ levels: z.array(inventory.stockLevel) });
export const receiveResult = availabilityResult;
export const adjustResult = z.object({ level: inventory.stockLevel });
export const listProductsResult = z.object({ products: z.array(inventory.product) });

export const InventoryEvents = { reservationsExpired: 'inventory.reservations.expired' } as const;
export const reservationsExpiredEvent = z.object({ transactionIds: z.array(uuid).min(1) });
export type ReservationsExpiredEvent = z.infer<typeof reservationsExpiredEvent>;
