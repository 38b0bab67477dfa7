import { defineSaga } from '@tillwire/platform';
import type { CheckoutDeps } from './checkout-deps';
import { giveBackStep } from './steps/give-back.step';
import { markClosedStep } from './steps/mark-closed.step';
import type { CloseTransactionCtx } from './transaction-contexts';

/** Cancel or expiry of a reserved transaction. */
export const closeTransactionSaga = (deps: CheckoutDeps) =>
  defineSaga<CloseTransactionCtx>('close-transaction', [markClosedStep(deps), giveBackStep(deps)]);
