import type { SagaStep } from '@tillwire/platform';
import { invalidState } from '../../transactions.errors';
import { transactions } from '@tillwire/contracts';
import type { CheckoutDeps } from '../checkout-deps';
import type { CloseTransactionCtx } from '../transaction-contexts';

/**
 * Closes a reserved transaction (cancelled by the operator or expired) before anything is given
 * back, so a completion racing it cannot start; the event leaves through the outbox.
 */
export const markClosedStep = (deps: CheckoutDeps): SagaStep<CloseTransactionCtx> => ({
  id: 'mark-closed',
  local: true,
  async invoke(ctx, tx) {
    const transaction = await deps.repository.find(tx, ctx.transactionId);
    if (transaction?.status === ctx.closedAs) return;
    const event = {
      channel: transactions.TransactionChannels[ctx.closedAs],
      payload: { transactionId: ctx.transactionId, terminalId: transaction?.terminalId },
    };
    if (!(await deps.repository.transition(tx, ctx.transactionId, ['reserved'], ctx.closedAs, { event, reason: ctx.reason }))) {
      throw invalidState(ctx.transactionId, transaction?.status ?? 'unknown', ctx.closedAs);
    }
  },
});
