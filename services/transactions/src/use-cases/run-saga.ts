import { SagaInProgressError } from '@tillwire/platform';
import { TransactionsError, TransactionsErrorCode } from '../transactions.errors';

/** Runs a saga for a caller, reporting a saga still driven elsewhere as the typed `in_progress`. */
export async function runForCaller(saga: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof SagaInProgressError) {
      throw new TransactionsError(TransactionsErrorCode.InProgress, `The ${saga} of this transaction is still running`, {});
    }
    throw error;
  }
}
