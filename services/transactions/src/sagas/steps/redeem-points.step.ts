import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/**
 * Pays with the customer's loyalty points (gRPC Redeem); compensation gives them back (Reverse),
 * e.g. after a declined card.
 */
export const redeemPointsStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'redeem-points',
  skip: (ctx) => !ctx.payments.some((p) => p.method === 'points'),
  async invoke(ctx) {
    const payment = ctx.payments.find((p) => p.method === 'points')!;
    const accountId = ctx.sale.customerId!;
    const redeemed = await deps.loyalty.redeem({ accountId, transactionId: ctx.transactionId, amountMinor: payment.amountMinor });
    await deps.repository.setPaymentStatus(deps.sql, [payment.id], 'approved', `LOYALTY-${redeemed.entryId}`);
    return { pointsAccountId: accountId };
  },
  async compensate(created, ctx) {
    const payment = ctx.payments.find((p) => p.method === 'points')!;
    // Also after a failed redeem: one that missed its deadline may still land, and the reversal (0
    // points if nothing was taken) makes a late one refuse. An unknown account has nothing to give back.
    await deps.loyalty
      .reverse({ accountId: ctx.sale.customerId!, transactionId: ctx.transactionId })
      .catch((error: { type?: string }) => {
        if (error.type !== 'not_found') throw error;
      });
    if (created.pointsAccountId) await deps.repository.setPaymentStatus(deps.sql, [payment.id], 'reversed');
  },
});
