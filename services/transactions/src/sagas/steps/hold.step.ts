import { departments, inventory } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import { invalidState, noOpenShift, notFound, reservationExpired } from '../../transactions.errors';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/**
 * Claims a reserved, unexpired transaction for completion in the terminal's open shift and records
 * its payments; without an open shift it is refused and nothing changes. If the completion fails,
 * compensation gives everything back: stock, department entries, and the transaction ends `failed`.
 */
export const holdStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'hold',
  local: true,
  async invoke(ctx, tx) {
    // The shift stays locked until this commits, so it cannot close with the sale half in it.
    const { moved, shift } = await deps.repository.move(tx, ctx.transactionId, ['reserved'], 'completing', {
      unexpiredAt: new Date(),
      inOpenShiftOf: ctx.sale.terminalId,
      payments: ctx.payments,
    });
    if (!shift) throw noOpenShift(ctx.sale.terminalId);
    if (!moved) {
      const transaction = await deps.repository.find(tx, ctx.transactionId);
      if (!transaction) throw notFound(ctx.transactionId);
      if (transaction.status === 'reserved') throw reservationExpired(ctx.transactionId, transaction.reservationExpiresAt!.toISOString());
      if (transaction.status !== 'completing') throw invalidState(ctx.transactionId, transaction.status, 'completed');
    }
    return { held: true, shift };
  },
  async compensate(created, ctx) {
    if (!created.held) return;
    await deps.call(inventory.InventoryActions.release, { transactionId: ctx.transactionId, reason: 'failed' });
    await deps.call(departments.DepartmentsActions.unallocate, { transactionId: ctx.transactionId });
    await deps.sql.transaction((tx) =>
      deps.repository.transition(tx, ctx.transactionId, ['completing'], 'failed', { reason: 'payment did not complete' }),
    );
  },
});
