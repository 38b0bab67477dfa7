import { inventory, terminals } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { RefundTransactionCtx } from '../transaction-contexts';

/** Puts the refunded goods back on hand at the terminal's location (idempotent by refund id). */
export const restockStep = (deps: CheckoutDeps): SagaStep<RefundTransactionCtx> => ({
  id: 'restock',
  async invoke(ctx) {
    const transaction = await deps.repository.find(deps.sql, ctx.transactionId);
    const terminal = await deps.call<terminals.Terminal>(terminals.TerminalsActions.get, { id: transaction!.terminalId });
    await deps.call(inventory.InventoryActions.restock, {
      refundId: ctx.refundId,
      transactionId: ctx.transactionId,
      locationCode: terminal.locationCode,
      lines: (ctx.refundLines ?? []).map(({ sku, quantity }) => ({ sku, quantity })),
    });
  },
});
