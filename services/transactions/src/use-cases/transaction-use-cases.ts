import type { transactions } from '@tillwire/contracts';
import { derivedUuid, SagaInProgressError, type SagaRunner } from '@tillwire/platform';
import { checkTender } from '../domain/tender';
import { toTransactionView } from '../domain/transaction-view';
import type { CheckoutDeps } from '../sagas/checkout-deps';
import { closeTransactionSaga } from '../sagas/close-transaction.saga';
import { completeTransactionSaga } from '../sagas/complete-transaction.saga';
import { createTransactionSaga } from '../sagas/create-transaction.saga';
import { invalidState, notFound, TransactionsError, TransactionsErrorCode } from '../transactions.errors';

type View = transactions.TransactionView;

/** The checkout use cases; each runs (or resumes) one saga keyed by the transaction id. */
export class TransactionUseCases {
  private readonly sagas;

  constructor(
    private readonly deps: CheckoutDeps,
    private readonly runner: SagaRunner,
  ) {
    this.sagas = {
      create: createTransactionSaga(deps),
      complete: completeTransactionSaga(deps),
      close: closeTransactionSaga(deps),
    };
  }

  get all() {
    return Object.values(this.sagas);
  }

  async create(params: transactions.CreateTransactionRequest & { transactionId: string }): Promise<View> {
    const { transactionId, ...input } = params;
    await this.drive(this.sagas.create.name, () => this.runner.run(this.sagas.create, transactionId, { transactionId, ...input }));
    return this.get(transactionId);
  }

  async get(id: string): Promise<View> {
    const transaction = await this.deps.repository.find(this.deps.prisma, id);
    if (!transaction) throw notFound(id);
    return toTransactionView(transaction);
  }

  async complete(id: string, request: transactions.CompleteTransactionRequest): Promise<View> {
    const transaction = await this.deps.repository.find(this.deps.prisma, id);
    if (!transaction) throw notFound(id);
    if (transaction.status === 'completed') return toTransactionView(transaction);
    if (transaction.status !== 'reserved' && transaction.status !== 'completing') throw invalidState(id, transaction.status, 'completed');
    const problem = checkTender(request.payments, transaction.totals.totalMinor);
    if (problem) throw new TransactionsError(TransactionsErrorCode.PaymentMismatch, 'The payments do not settle the total', problem);
    if (request.payments.some((p) => p.method === 'points')) {
      throw new TransactionsError(TransactionsErrorCode.DependencyUnavailable, 'Points payments need the loyalty service', {
        method: 'points',
      });
    }
    const payments = request.payments.map((p, index) => ({ ...p, id: derivedUuid(`${id}/payment/${index}`) }));
    await this.drive(this.sagas.complete.name, () => this.runner.run(this.sagas.complete, id, { transactionId: id, payments }));
    return this.get(id);
  }

  async cancel(id: string): Promise<View> {
    const transaction = await this.deps.repository.find(this.deps.prisma, id);
    if (!transaction) throw notFound(id);
    if (transaction.status === 'cancelled') return toTransactionView(transaction);
    if (transaction.status !== 'reserved') throw invalidState(id, transaction.status, 'cancelled');
    await this.drive(this.sagas.close.name, () => this.runner.run(this.sagas.close, id, { transactionId: id, closedAs: 'cancelled' }));
    return this.get(id);
  }

  /** Closes reserved transactions whose reservation ran out. Returns how many it expired. */
  async expireOverdue(limit = 100): Promise<number> {
    const overdue = await this.deps.repository.findExpired(this.deps.prisma, new Date(), limit);
    let expired = 0;
    for (const id of overdue) {
      await this.runner.run(this.sagas.close, id, { transactionId: id, closedAs: 'expired' }).then(
        () => (expired += 1),
        // Completed or cancelled meanwhile, or taken by another node: nothing to expire.
        () => undefined,
      );
    }
    return expired;
  }

  openCount(terminalId: string): Promise<number> {
    return this.deps.repository.openCount(this.deps.prisma, terminalId);
  }

  private async drive(saga: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (error instanceof SagaInProgressError) {
        throw new TransactionsError(TransactionsErrorCode.InProgress, `The ${saga} of this transaction is still running`, {});
      }
      throw error;
    }
  }
}
