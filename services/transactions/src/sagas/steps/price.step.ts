import { inventory, terminals } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { z } from 'zod';
import { discountAmount, discountShareBp, mergeLines, priceLines, type PricedProduct } from '../../domain/pricing';
import { TransactionsError, TransactionsErrorCode } from '../../transactions.errors';
import type { CheckoutDeps } from '../checkout-deps';
import type { CreateTransactionCtx } from '../transaction-contexts';

/**
 * Prices the lines at the terminal's department and location (decided here, server-side) and
 * stores the pending transaction. Compensation marks it failed.
 */
export const priceStep = (deps: CheckoutDeps): SagaStep<CreateTransactionCtx> => ({
  id: 'price',
  async invoke(ctx) {
    const terminal = await deps.call<terminals.Terminal>(terminals.TerminalsActions.get, { id: ctx.terminalId });
    const lines = mergeLines(ctx.lines);
    const { products } = await deps.call<z.infer<typeof inventory.quoteResult>>(inventory.InventoryActions.quote, {
      skus: lines.map((line) => line.sku),
    });
    const bySku = new Map<string, PricedProduct>(products.map((p) => [p.sku, p]));
    const subtotal = lines.reduce((sum, line) => sum + (bySku.get(line.sku)?.priceMinor ?? 0) * line.quantity, 0);
    const shareBp = discountShareBp(subtotal, discountAmount(subtotal, ctx.discount));
    if (shareBp > deps.config.checkout.discountApprovalThresholdBp && !ctx.discount?.approvedBy) {
      throw new TransactionsError(TransactionsErrorCode.DiscountNeedsApproval, 'This discount needs a supervisor\'s approval', {
        shareBp,
        thresholdBp: deps.config.checkout.discountApprovalThresholdBp,
      });
    }
    const priced = priceLines(lines, bySku, ctx.discount);
    const expiresAt = new Date(Date.now() + deps.config.checkout.reservationTtlSeconds * 1000);
    await deps.repository.insertPending(deps.prisma, {
      id: ctx.transactionId,
      terminalId: terminal.id,
      departmentCode: terminal.departmentCode,
      customerId: ctx.customerId,
      discount: ctx.discount,
      lines: priced.lines,
      totals: priced.totals,
      reservationExpiresAt: expiresAt,
    });
    return { departmentCode: terminal.departmentCode, locationCode: terminal.locationCode, expiresAt: expiresAt.toISOString() };
  },
  async compensate(created, ctx) {
    if (!created.departmentCode) return;
    await deps.prisma.$transaction((tx) =>
      deps.repository.transition(tx, ctx.transactionId, ['pending', 'reserved'], 'failed', 'checkout could not be reserved'),
    );
  },
});
