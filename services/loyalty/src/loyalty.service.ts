import { loyalty, transactions } from '@tillwire/contracts';
import { earningAmount } from './domain/earning';
import { deadLetterSink, durableChannel, unitOfWork, validatedAction, type ServiceDependencies } from '@tillwire/platform';
import type { Context, ServiceSchema } from 'moleculer';
import { accountsRepository } from './db/accounts.repository';
import { ledgerRepository } from './db/ledger.repository';
import { ACCOUNT_RETRY_POLICY } from './domain/retry-policy';
import { unwrap } from './loyalty.errors';
import { accruePoints } from './use-cases/accrue-points';
import { enrollAccount } from './use-cases/enroll-account';
import { getAccount } from './use-cases/get-account';
import type { LoyaltyContext } from './use-cases/loyalty-context';
import { readLedger } from './use-cases/read-ledger';
import { redeemPoints } from './use-cases/redeem-points';
import { refundPoints } from './use-cases/refund-points';
import { reverseRedemption } from './use-cases/reverse-redemption';

const c = loyalty;

/** Loyalty accounts, accrual, redemption and tiers. Actions validate, call one use case; errors map in loyalty.errors.ts. */
export function createLoyaltyService({ db, config }: ServiceDependencies): ServiceSchema {
  const ctx: LoyaltyContext = {
    db: db.sql,
    transact: unitOfWork(db),
    accounts: accountsRepository,
    ledger: ledgerRepository,
    retry: ACCOUNT_RETRY_POLICY,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
  return {
    name: 'loyalty',
    actions: {
      enroll: validatedAction({ params: c.enrollParams, handler: async (p) => unwrap(await enrollAccount(ctx, p)) }),
      getAccount: validatedAction({ params: c.getAccountParams, handler: async (p) => unwrap(await getAccount(ctx, p)) }),
      accrue: validatedAction({ params: c.accrueParams, handler: async (p) => unwrap(await accruePoints(ctx, p)) }),
      redeem: validatedAction({ params: c.redeemParams, handler: async (p) => unwrap(await redeemPoints(ctx, p)) }),
      reverse: validatedAction({
        params: c.reverseParams,
        handler: async (p) => unwrap(await reverseRedemption(ctx, p)),
      }),
      refund: validatedAction({ params: c.refundParams, handler: async (p) => unwrap(await refundPoints(ctx, p)) }),
      ledger: validatedAction({ params: c.ledgerParams, handler: async (p) => unwrap(await readLedger(ctx, p)) }),
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
