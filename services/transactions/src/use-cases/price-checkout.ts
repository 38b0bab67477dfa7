import { inventory, terminals, type transactions } from '@tillwire/contracts';
import type { z } from 'zod';
import { discountAmount, discountShareBp, mergeLines, priceLines, type PricedProduct } from '../domain/pricing';
import type { CheckoutDeps } from '../sagas/checkout-deps';
import type { CreateTransactionCtx } from '../sagas/transaction-contexts';
import { TransactionsError, TransactionsErrorCode } from '../transactions.errors';

/**
 * Everything a checkout needs decided before its saga starts, so a refused request (unknown
 * terminal or SKU, discount without approval) leaves nothing behind: the department and location
 * come from the terminal, server-side; prices from inventory (both kept briefly, see ExpiringCache).
 */
export async function priceCheckout(
  deps: CheckoutDeps,
  request: transactions.CreateTransactionRequest & { transactionId: string },
): Promise<CreateTransactionCtx> {
  const terminal = await deps.terminals.get(request.terminalId, (id) =>
    deps.call<terminals.Terminal>(terminals.TerminalsActions.get, { id }),
  );
  const lines = mergeLines(request.lines);
  const bySku = await deps.products.getMany(
    lines.map((line) => line.sku),
    async (skus) => {
      const { products } = await deps.call<z.infer<typeof inventory.quoteResult>>(inventory.InventoryActions.quote, { skus });
      return new Map<string, PricedProduct>(products.map((p) => [p.sku, p]));
    },
  );
  const subtotal = lines.reduce((sum, line) => sum + (bySku.get(line.sku)?.priceMinor ?? 0) * line.quantity, 0);
  const shareBp = discountShareBp(subtotal, discountAmount(subtotal, request.discount));
  const thresholdBp = deps.config.checkout.discountApprovalThresholdBp;
  if (shareBp > thresholdBp && !request.discount?.approvedBy) {
    throw new TransactionsError(TransactionsErrorCode.DiscountNeedsApproval, "This discount needs a supervisor's approval", {
      shareBp,
      thresholdBp,
    });
  }
  const priced = priceLines(lines, bySku, request.discount);
  return {
    transactionId: request.transactionId,
    terminalId: terminal.id,
    departmentCode: terminal.departmentCode,
    locationCode: terminal.locationCode,
    lines,
    priced: priced.lines,
    totals: priced.totals,
    currency: deps.config.store.currency,
    ...(request.customerId ? { customerId: request.customerId } : {}),
    ...(request.discount ? { discount: request.discount } : {}),
    expiresAt: new Date(Date.now() + deps.config.checkout.reservationTtlSeconds * 1000).toISOString(),
  };
}
