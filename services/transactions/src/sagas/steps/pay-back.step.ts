import { derivedUuid, terminalWaitMs, type SagaStep } from '@tillwire/platform';
import { terminals } from '@tillwire/contracts';
import { paymentDeclined } from '../../transactions.errors';
import type { CheckoutDeps } from '../checkout-deps';
import type { RefundTransactionCtx } from '../transaction-contexts';

/** Pays the refund back in proportion to the payments: cards on the terminal, points to the loyalty account, cash from the drawer. */
export const payBackStep = (deps: CheckoutDeps): SagaStep<RefundTransactionCtx> => ({
  id: 'pay-back',
  async invoke(ctx) {
    const transaction = await deps.repository.find(deps.sql, ctx.transactionId);
    for (const part of ctx.paymentRefunds ?? []) {
      if (part.method === 'card') {
        const payment = transaction!.payments.find((p) => p.id === part.paymentId)!;
        const result = await deps.call<terminals.PayResult>(terminals.TerminalsActions.refund, {
          terminalId: transaction!.terminalId,
          paymentId: part.paymentId,
          // One terminal refund per payment and refund, whatever retries happen.
          refundId: derivedUuid(`${ctx.refundId}/${part.paymentId}`),
          reference: payment.reference,
          amountMinor: part.amountMinor,
          currency: transaction!.currency,
        }, { timeout: terminalWaitMs(deps.config) });
        if (result.outcome !== 'approved') throw paymentDeclined(result.reason);
      }
    }
    // Points after cards: a declined card must not leave points given back for a refund that fails.
    for (const part of (ctx.paymentRefunds ?? []).filter((p) => p.method === 'points')) {
      await deps.loyalty.refund({
        accountId: transaction!.customerId!,
        transactionId: ctx.transactionId,
        refundId: ctx.refundId,
        amountMinor: part.amountMinor,
      });
    }
    await deps.sql.transaction(async (tx) => {
      for (const part of ctx.paymentRefunds ?? []) await deps.repository.addPaymentRefund(tx, part.paymentId, part.amountMinor);
    });
  },
});
