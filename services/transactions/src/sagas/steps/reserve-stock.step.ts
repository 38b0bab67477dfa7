import { inventory } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { z } from 'zod';
import type { CheckoutDeps } from '../checkout-deps';
import type { CreateTransactionCtx } from '../transaction-contexts';

/** Reserves the stock until the reservation's expiry; compensation releases whatever is held. */
export const reserveStockStep = (deps: CheckoutDeps): SagaStep<CreateTransactionCtx> => ({
  id: 'reserve',
  async invoke(ctx) {
    const reserved = await deps.call<z.infer<typeof inventory.reserveResult>>(inventory.InventoryActions.reserve, {
      transactionId: ctx.transactionId,
      locationCode: ctx.locationCode,
      lines: ctx.lines,
      expiresAt: ctx.expiresAt,
    });
    return { reservationIds: reserved.reservationIds };
  },
  async compensate(_created, ctx) {
    // Also runs when reserve itself failed; release is a no-op when nothing is held.
    await deps.call(inventory.InventoryActions.release, { transactionId: ctx.transactionId, reason: 'failed' });
  },
});
