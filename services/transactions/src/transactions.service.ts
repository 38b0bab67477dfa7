import { transactions } from '@tillwire/contracts';
import { SagaRunner, validatedAction, type ServiceDependencies } from '@tillwire/platform';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { TransactionsRepository } from './db/transactions.repository';
import { TransactionUseCases } from './use-cases/transaction-use-cases';

const RECOVERY_INTERVAL_MS = 5_000;

/** Checkout saga orchestrator: create, complete, cancel and expire transactions. */
export function createTransactionsService({ config, db }: ServiceDependencies): ServiceSchema {
  let useCases: TransactionUseCases;
  let runner: SagaRunner;
  const timers: NodeJS.Timeout[] = [];

  return {
    name: 'transactions',
    created(this: { broker: ServiceBroker }) {
      const broker = this.broker;
      runner = new SagaRunner(db.prisma, {
        nodeId: broker.nodeID,
        onCompensationFailed: (saga, id, error) =>
          broker.logger.warn(`Compensation of ${saga} ${id} failed; recovery will retry`, error),
      });
      useCases = new TransactionUseCases(
        { call: (action, params) => broker.call(action, params), prisma: db.prisma, repository: new TransactionsRepository(), config },
        runner,
      );
    },
    started(this: { broker: ServiceBroker }) {
      const log = this.broker.logger;
      // Any transactions node finishes the sagas of a node that died, and expires overdue reservations.
      const background = (work: () => Promise<unknown>, every: number) => {
        const tick = () => void work().catch((error: unknown) => log.warn('Background checkout work failed', error));
        timers.push(setInterval(tick, every));
        tick();
      };
      background(() => runner.recover(useCases.all), RECOVERY_INTERVAL_MS);
      background(() => useCases.expireOverdue(), config.checkout.reservationSweepSeconds * 1000);
    },
    stopped() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
    actions: {
      create: validatedAction({
        params: transactions.createTransactionParams,
        handler: (params) => useCases.create(params),
      }),
      get: validatedAction({ params: transactions.transactionIdParams, handler: ({ id }) => useCases.get(id) }),
      complete: validatedAction({
        params: transactions.completeTransactionParams,
        handler: ({ id, ...request }) => useCases.complete(id, request),
      }),
      cancel: validatedAction({ params: transactions.transactionIdParams, handler: ({ id }) => useCases.cancel(id) }),
      openCount: validatedAction({
        params: transactions.openCountParams,
        handler: async ({ terminalId }) => ({ count: await useCases.openCount(terminalId) }),
      }),
    },
    events: {
      'inventory.reservations.expired': {
        async handler() {
          await useCases.expireOverdue();
        },
      },
    },
  };
}
