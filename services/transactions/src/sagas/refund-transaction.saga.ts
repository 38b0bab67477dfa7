import { defineSaga } from '@tillwire/platform';
import type { CheckoutDeps } from './checkout-deps';
import { bookRefundStep } from './steps/book-refund.step';
import { payBackStep } from './steps/pay-back.step';
import { recordRefundStep } from './steps/record-refund.step';
import { restockStep } from './steps/restock.step';
import type { RefundTransactionCtx } from './transaction-contexts';

export const refundTransactionSaga = (deps: CheckoutDeps) =>
  defineSaga<RefundTransactionCtx>('refund-transaction', [recordRefundStep(deps), payBackStep(deps), restockStep(deps), bookRefundStep(deps)]);
