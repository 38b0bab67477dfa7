import { terminals } from '@tillwire/contracts';
import { serviceId as newServiceId, terminalWaitMs, type SagaStep } from '@tillwire/platform';
import { paymentDeclined } from '../../transactions.errors';
import type { CheckoutDeps } from '../checkout-deps';
import type { CompleteTransactionCtx } from '../transaction-contexts';

/** Attempts per card payment that the terminal says never took place, before the payment is declined. */
const MAX_ATTEMPTS = 3;

/**
 * Takes each card payment on the terminal exactly once: the attempt (with its ServiceID) is
 * stored before anything is sent, an unresolved attempt is asked again under the same ServiceID
 * instead of starting a new one, and a new attempt starts only once the terminal said the last
 * one took nothing. An approved payment is never charged twice.
 */
export const payCardStep = (deps: CheckoutDeps): SagaStep<CompleteTransactionCtx> => ({
  id: 'pay-card',
  skip: (ctx) => !ctx.payments.some((p) => p.method === 'card'),
  async invoke(ctx) {
    const approved: string[] = [];
    for (const payment of ctx.payments.filter((p) => p.method === 'card')) {
      await payOnce(deps, ctx, payment);
      approved.push(payment.id);
    }
    return { approvedCardPaymentIds: approved };
  },
  async compensate(_created, ctx) {
    // Runs for a declined split too, and for a payment whose outcome is unknown: the terminal
    // reverses what it approved and stops what it has not finished.
    const cards = ctx.payments.filter((p) => p.method === 'card').map((p) => p.id);
    for (const attempt of await deps.repository.attemptsToUndo(deps.sql, cards)) {
      const result = await deps.call<{ outcome: 'reversed' | 'not_found' }>(
        terminals.TerminalsActions.reverse,
        { terminalId: ctx.sale.terminalId, paymentId: attempt.paymentId, serviceId: attempt.serviceId },
        { timeout: terminalWaitMs(deps.config) },
      );
      const reversed = result.outcome === 'reversed';
      await deps.repository.resolveAttempt(deps.sql, attempt.id, reversed ? 'reversed' : 'aborted', result);
      await deps.repository.setPaymentStatus(deps.sql, [attempt.paymentId], reversed ? 'reversed' : 'declined');
    }
  },
});

type CardPayment = CompleteTransactionCtx['payments'][number];

async function payOnce(deps: CheckoutDeps, ctx: CompleteTransactionCtx, payment: CardPayment): Promise<void> {
  const { terminalId, currency } = ctx.sale;
  for (let attempt = 1; ; attempt++) {
    const last = await deps.repository.lastAttempt(deps.sql, payment.id);
    if (last?.status === 'approved') return;
    const serviceId = last?.status === 'pending' ? last.serviceId : newServiceId();
    const attemptId =
      last?.status === 'pending'
        ? last.id
        : await deps.repository.insertAttempt(deps.sql, { paymentId: payment.id, terminalId, serviceId, amountMinor: payment.amountMinor });
    const result = await deps.call<terminals.PayResult>(
      terminals.TerminalsActions.pay,
      { terminalId, transactionId: ctx.transactionId, paymentId: payment.id, serviceId, amountMinor: payment.amountMinor, currency },
      { timeout: terminalWaitMs(deps.config) },
    );
    if (result.outcome === 'failed') {
      await deps.repository.resolveAttempt(deps.sql, attemptId, 'aborted', result);
      // Offline terminals do not get better by asking again at once.
      if (result.reason === 'undeliverable' || attempt >= MAX_ATTEMPTS) {
        await deps.repository.setPaymentStatus(deps.sql, [payment.id], 'declined');
        throw paymentDeclined(result.reason === 'undeliverable' ? 'terminal_unreachable' : result.reason);
      }
      continue;
    }
    await deps.repository.resolveAttempt(deps.sql, attemptId, result.outcome, result);
    await deps.repository.setPaymentStatus(deps.sql, [payment.id], result.outcome, result.reference);
    if (result.outcome === 'declined') throw paymentDeclined(result.reason);
    return;
  }
}
