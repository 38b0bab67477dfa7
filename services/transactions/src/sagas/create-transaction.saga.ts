import { defineSaga } from '@tillwire/platform';
import type { CheckoutDeps } from './checkout-deps';
import { allocateStep } from './steps/allocate.step';
import { confirmReservationStep } from './steps/confirm-reservation.step';
import { recordTransactionStep } from './steps/record-transaction.step';
import { reserveStockStep } from './steps/reserve-stock.step';
import type { CreateTransactionCtx } from './transaction-contexts';

export const createTransactionSaga = (deps: CheckoutDeps) =>
  defineSaga<CreateTransactionCtx>('create-transaction', [
    recordTransactionStep(deps),
    reserveStockStep(deps),
    allocateStep(deps),
    confirmReservationStep(deps),
  ]);
