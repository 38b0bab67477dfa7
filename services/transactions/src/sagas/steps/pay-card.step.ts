import { randomBytes } from 'node:crypto';
import { terminals } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import { paymentDeclined } from '../../transactions.errors';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/** nexo ServiceID: 10 characters, unique per terminal. */
const newServiceId = () => randomBytes(8).toString('base64url').slice(0, 10);

/**
 * Takes each card payment on the terminal exactly once: the attempt (with its ServiceID) is
 * stored before anything is sent, an unresolved attempt is asked again under the same ServiceID
 * instead of starting a new one, and an approved payment is never charged twice.
 */
export const payCardStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'pay-card',
  skip: (ctx) => !ctx.payments.some((p) => p.method === 'card'),
  async invoke(ctx) {
    const { terminalId, currency } = ctx.sale;
    const approved: string[] = [];
    for (const payment of ctx.payments.filter((p) => p.method === 'card')) {
      const last = await deps.repository.lastAttempt(deps.sql, payment.id);
      if (last?.status === 'approved') {
        approved.push(payment.id);
        continue;
      }
      const serviceId = last?.status === 'pending' ? last.serviceId : newServiceId();
      const attemptId =
        last?.status === 'pending'
          ? last.id
          : await deps.repository.insertAttempt(deps.sql, {
              paymentId: payment.id,
              terminalId,
              serviceId,
              amountMinor: payment.amountMinor,
            });
      const result = await deps.call<terminals.PayResult>(terminals.TerminalsActions.pay, {
        terminalId,
        transactionId: ctx.transactionId,
        paymentId: payment.id,
        serviceId,
        amountMinor: payment.amountMinor,
        currency,
      });
      await deps.repository.resolveAttempt(deps.sql, attemptId, result.outcome, result);
      await deps.repository.setPaymentStatus(deps.sql, [payment.id], result.outcome, result.reference);
      if (result.outcome === 'declined') throw paymentDeclined(result.reason);
      approved.push(payment.id);
    }
    return { approvedCardPaymentIds: approved };
  },
  async compensate(_created, ctx) {
    // Runs for a declined split too: reverse every card payment of this checkout that went through.
    const transaction = await deps.repository.find(deps.sql, ctx.transactionId);
    for (const payment of transaction?.payments ?? []) {
      if (payment.method !== 'card' || payment.status !== 'approved') continue;
      const attempt = await deps.repository.lastAttempt(deps.sql, payment.id);
      await deps.call(terminals.TerminalsActions.reverse, {
        terminalId: ctx.sale.terminalId,
        paymentId: payment.id,
        serviceId: attempt!.serviceId,
      });
      await deps.repository.setPaymentStatus(deps.sql, [payment.id], 'reversed');
    }
  },
});
