import { defineSaga } from '@tillwire/platform';
import type { CheckoutDeps } from './checkout-deps';
import { commitStockStep } from './steps/commit-stock.step';
import { finalizeStep } from './steps/finalize.step';
import { holdStep } from './steps/hold.step';
import { payCardStep } from './steps/pay-card.step';
import { redeemPointsStep } from './steps/redeem-points.step';
import type { CompleteTransactionCtx } from './transaction-contexts';

export const completeTransactionSaga = (deps: CheckoutDeps) =>
  defineSaga<CompleteTransactionCtx>('complete-transaction', [
    holdStep(deps),
    redeemPointsStep(deps),
    payCardStep(deps),
    commitStockStep(deps),
    finalizeStep(deps),
  ]);
