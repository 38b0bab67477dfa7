import { loyalty, transactions } from '@tillwire/contracts';
import {
  deadLetterSink,
  durableChannel,
  loadCallerKey,
  startGrpcServer,
  unitOfWork,
  validatedAction,
  type RunningGrpcServer,
  type ServiceDependencies,
} from '@tillwire/platform';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { accountsRepository } from './db/accounts.repository';
import { ledgerRepository } from './db/ledger.repository';
import { earningAmount } from './domain/earning';
import { ACCOUNT_RETRY_POLICY } from './domain/retry-policy';
import { loyaltyRules } from './domain/tiers';
import { unwrap } from './loyalty.errors';
import { loyaltyGrpcService } from './loyalty.grpc';
import { accruePoints } from './use-cases/accrue-points';
import { getAccount } from './use-cases/get-account';
import { getMember } from './use-cases/get-member';
import type { LoyaltyContext } from './use-cases/loyalty-context';
import { readLedger } from './use-cases/read-ledger';

const c = loyalty;

/**
 * Loyalty accounts, accrual, redemption and tiers. The API is the gRPC server (loyalty.grpc.ts),
 * listening while the service runs; accrual comes from the transactions outbox; two reads stay broker
 * actions for the broker's callers. Errors map in loyalty.errors.ts.
 */
export function createLoyaltyService({ db, config }: ServiceDependencies): ServiceSchema {
  const ctx: LoyaltyContext = {
    db: db.sql,
    transact: unitOfWork(db),
    accounts: accountsRepository,
    ledger: ledgerRepository,
    rules: loyaltyRules(config.loyalty),
    retry: ACCOUNT_RETRY_POLICY,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  let grpc: RunningGrpcServer | undefined;
  return {
    name: 'loyalty',
    async started(this: { broker: ServiceBroker }) {
      const { broker } = this;
      const listen = { host: config.grpc.host, port: config.grpc.loyalty.port };
      grpc = await startGrpcServer(listen, [loyaltyGrpcService(ctx, broker.logger)], { node: broker, callers: await loadCallerKey(config, broker.logger) });
      broker.logger.info(`Loyalty gRPC listening on ${grpc.address}`);
    },
    async stopped() {
      await grpc?.stop();
    },
    actions: {
      getAccount: validatedAction({ params: c.getAccountParams, handler: async (p) => unwrap(await getAccount(ctx, p)) }),
      ledger: validatedAction({ params: c.ledgerParams, handler: async (p) => unwrap(await readLedger(ctx, p)) }),
      getMember: validatedAction({ params: c.getAccountParams, handler: async (p) => unwrap(await getMember(ctx, p)) }),
    },
    channels: {
      // Relayed from the transactions outbox; a redelivery accrues nothing twice (idempotent by transaction).
      [transactions.TransactionChannels.completed]: durableChannel({
        channel: transactions.TransactionChannels.completed,
        group: 'loyalty',
        deadLetters: deadLetterSink(db.sql),
        retry: config.channels,
        async handler(message: Context) {
          const sale = transactions.transactionCompletedEvent.parse(message.params);
          const earning = earningAmount(sale);
          if (!sale.customerId || earning === 0) return;
          const accrued = await accruePoints(ctx, { accountId: sale.customerId, transactionId: sale.transactionId, amountMinor: earning });
          // A customer id that is not a member earns nothing; any other failure is retried, then dead-lettered.
          if (!accrued.ok && accrued.failure.code !== 'not_found') unwrap(accrued);
        },
      }),
    },
  };
}
