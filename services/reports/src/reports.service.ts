import { transactions } from '@tillwire/contracts';
import {
  deadLetterSink,
  durableChannel,
  loadCallerKey,
  startGrpcServer,
  unitOfWork,
  type RunningGrpcServer,
  type ServiceDependencies,
} from '@tillwire/platform';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { projectionsRepository } from './db/projections.repository';
import { reconciliationsRepository } from './db/reconciliations.repository';
import { summariesRepository } from './db/summaries.repository';
import { SummaryCache } from './domain/summary-cache';
import { reportsGrpcService } from './reports.grpc';
import { startReconciliationSchedule, type ReconciliationSchedule } from './reports.schedule';
import { projectRefund } from './use-cases/project-refund';
import { projectSale } from './use-cases/project-sale';
import type { ReportsContext } from './use-cases/reports-context';

/**
 * Daily summaries, department sales, cashier shift reports and the nightly reconciliation. The API is
 * the gRPC server (reports.grpc.ts), listening while the service runs; the projections it reads are
 * fed by the transactions outbox (group 'reports', idempotent by transaction and refund id).
 */
export function createReportsService({ db, config }: ServiceDependencies): ServiceSchema {
  let broker: ServiceBroker | undefined;
  const ctx: ReportsContext = {
    db: db.sql,
    transact: unitOfWork(db),
    projections: projectionsRepository,
    summaries: summariesRepository,
    reconciliations: reconciliationsRepository,
    reconciliation: config.reports.reconciliation,
    cache: new SummaryCache(config.reports.cacheSeconds * 1_000),
    timeZone: config.store.timeZone,
    currency: config.store.currency,
    call: (action, params, options) => broker!.call(action, params, options),
    broadcast: async (event, payload) => broker!.broadcast(event, payload),
    now: () => new Date(),
  };
  let grpc: RunningGrpcServer | undefined;
  let schedule: ReconciliationSchedule | undefined;
  const channel = (name: string, handler: (params: unknown) => Promise<void>) =>
    durableChannel({
      channel: name,
      group: 'reports',
      deadLetters: deadLetterSink(db.sql),
      retry: config.channels,
      handler: (message: Context) => handler(message.params),
    });
  return {
    name: 'reports',
    async started(this: { broker: ServiceBroker }) {
      broker = this.broker;
      const listen = { host: config.grpc.host, port: config.grpc.reports.port };
      grpc = await startGrpcServer(listen, [reportsGrpcService(ctx, broker.logger)], { node: broker, callers: await loadCallerKey(config, broker.logger) });
      broker.logger.info(`Reports gRPC listening on ${grpc.address}`);
      const time = config.reports.reconciliation.time;
      if (time) schedule = startReconciliationSchedule(ctx, time, broker.logger);
    },
    async stopped() {
      schedule?.stop();
      await grpc?.stop();
    },
    channels: {
      [transactions.TransactionChannels.completed]: channel(transactions.TransactionChannels.completed, (params) =>
        projectSale(ctx, transactions.transactionCompletedEvent.parse(params)),
      ),
      [transactions.TransactionChannels.refunded]: channel(transactions.TransactionChannels.refunded, (params) =>
        projectRefund(ctx, transactions.transactionRefundedEvent.parse(params)),
      ),
    },
  };
}
