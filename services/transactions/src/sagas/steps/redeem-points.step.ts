import { loyalty } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/** Pays with the customer's loyalty points; compensation gives the points back. */
export const redeemPointsStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'redeem-points',
  skip: (ctx) => !ctx.payments.some((p) => p.method === 'points'),
  async invoke(ctx) {
    const payment = ctx.payments.find((p) => p.method === 'points')!;
    const accountId = ctx.sale.customerId!;
    const redeemed = await deps.call<loyalty.RedeemResult>(loyalty.LoyaltyActions.redeem, {
      accountId,
      transactionId: ctx.transactionId,
      points: payment.amountMinor / loyalty.POINT_VALUE_MINOR,
    });
    await deps.repository.setPaymentStatus(deps.sql, [payment.id], 'approved', `LOYALTY-${redeemed.entryId}`);
    return { pointsAccountId: accountId };
  },
  async compensate(created, ctx) {
    if (!created.pointsAccountId) return;
    await deps.call(loyalty.LoyaltyActions.reverse, { accountId: created.pointsAccountId, transactionId: ctx.transactionId });
    const payment = ctx.payments.find((p) => p.method === 'points');
    await deps.repository.setPaymentStatus(deps.sql, [payment!.id], 'reversed');
  },
});
