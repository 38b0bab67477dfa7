import type { SagaRunner } from '@tillwire/platform';
import type { CheckoutDeps } from '../sagas/checkout-deps';
import { closeTransactionSaga } from '../sagas/close-transaction.saga';
import { completeTransactionSaga } from '../sagas/complete-transaction.saga';
import { createTransactionSaga } from '../sagas/create-transaction.saga';
import { refundTransactionSaga } from '../sagas/refund-transaction.saga';

/** What every use case works with: the service's dependencies, its sagas and the runner that drives them. */
export interface CheckoutContext {
  deps: CheckoutDeps;
  runner: SagaRunner;
  sagas: ReturnType<typeof checkoutSagas>;
}

export function checkoutSagas(deps: CheckoutDeps) {
  return {
    create: createTransactionSaga(deps),
    complete: completeTransactionSaga(deps),
    close: closeTransactionSaga(deps),
    refund: refundTransactionSaga(deps),
  };
}
