import { inventory, reports, terminals, transactions } from '@tillwire/contracts';
import { OutboxRelay, SagaRunner, validatedAction, type ChannelSender, type ServiceDependencies } from '@tillwire/platform';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import { ExpiringCache } from './clients/expiring-cache';
import { loyaltyGrpcClient } from './clients/loyalty-grpc.client';
import type { PricedProduct } from './domain/pricing';
import { ReportFactsRepository } from './db/report-facts.repository';
import { ShiftsRepository } from './db/shifts.repository';
import { TransactionsRepository } from './db/transactions.repository';
import { shiftActions } from './shifts.actions';
import { cancelTransaction } from './use-cases/cancel-transaction';
import { checkoutSagas, type CheckoutContext } from './use-cases/checkout-sagas';
import { completeTransaction } from './use-cases/complete-transaction';
import { createTransaction } from './use-cases/create-transaction';
import { expireOverdue } from './use-cases/expire-overdue';
import { findByReceipt } from './use-cases/find-by-receipt';
import { getTransaction } from './use-cases/get-transaction';
import { refundTransaction } from './use-cases/refund-transaction';
import { dayLedger } from './use-cases/day-ledger';
import { terminalDay } from './use-cases/terminal-day';

const RECOVERY_INTERVAL_MS = 5_000;
/** A day's figures scan the day's sales; admins polling the terminal list share one answer for 30 s. */
const TERMINAL_DAY_CACHE = { keys: ['date'], ttl: 30 };

/**
 * Moleculer skips the cache for a call with `meta.$cache === false` but does not store what the
 * handler answers; storing it here makes such a call refresh the figures for every later caller.
 */
async function refreshingCache<Result>(ctx: Context, cache: typeof TERMINAL_DAY_CACHE, result: Promise<Result>): Promise<Result> {
  const value = await result;
  const cacher = ctx.broker.cacher;
  const action = ctx.action?.name;
  if (cacher && action && (ctx.meta as { $cache?: unknown }).$cache === false) {
    await cacher.set(cacher.getCacheKey(action, ctx.params as object, ctx.meta as object, cache.keys), value, cache.ttl);
  }
  return value;
}

/** Checkout saga orchestrator: create, complete, cancel and expire transactions. */
export function createTransactionsService({ config, db }: ServiceDependencies): ServiceSchema {
  let checkout: CheckoutContext;
  let relay: OutboxRelay;
  const timers: NodeJS.Timeout[] = [];

  return {
    name: 'transactions',
    created(this: { broker: ServiceBroker }) {
      const broker = this.broker;
      const runner = new SagaRunner(db.sql, {
        nodeId: broker.nodeID,
        onCompensationFailed: (saga, id, error) =>
          broker.logger.warn(`Compensation of ${saga} ${id} failed; recovery will retry`, error),
      });
      const call = <Result>(action: string, params: object, options?: { timeout: number }) =>
        broker.call<Result, object>(action, params, options);
      const deps = {
        call,
        sql: db.sql,
        repository: new TransactionsRepository(),
        reportFacts: new ReportFactsRepository(),
        shifts: new ShiftsRepository(),
        terminals: new ExpiringCache<terminals.Terminal>(),
        products: new ExpiringCache<PricedProduct>(),
        loyalty: loyaltyGrpcClient(broker, config),
        config,
      };
      checkout = { deps, runner, sagas: checkoutSagas(deps) };
      // The channels middleware gives the broker sendToChannel.
      relay = new OutboxRelay(db.sql, broker as unknown as ChannelSender, {
        onError: (error) => broker.logger.warn('Outbox relay failed; it retries', error),
      });
    },
    started(this: { broker: ServiceBroker }) {
      const log = this.broker.logger;
      // Any transactions node finishes the sagas of a node that died, and expires overdue reservations.
      const background = (work: () => Promise<unknown>, every: number) => {
        const tick = () => void work().catch((error: unknown) => log.warn('Background checkout work failed', error));
        timers.push(setInterval(tick, every));
        tick();
      };
      background(() => checkout.runner.recover(Object.values(checkout.sagas)), RECOVERY_INTERVAL_MS);
      background(() => expireOverdue(checkout), config.checkout.reservationSweepSeconds * 1000);
      relay.start();
    },
    async stopped() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      checkout.runner.stop();
      checkout.deps.loyalty.close();
      await relay.stop();
    },
    actions: {
      create: validatedAction({
        params: transactions.createTransactionParams,
        handler: (params) => createTransaction(checkout, params),
      }),
      get: validatedAction({ params: transactions.transactionIdParams, handler: ({ id }) => getTransaction(checkout, id) }),
      complete: validatedAction({
        params: transactions.completeTransactionParams,
        handler: ({ id, ...request }) => completeTransaction(checkout, id, request),
      }),
      cancel: validatedAction({ params: transactions.cancelParams, handler: (params) => cancelTransaction(checkout, params) }),
      findByReceipt: validatedAction({
        params: transactions.findByReceiptParams,
        handler: ({ receiptNumber }) => findByReceipt(checkout, receiptNumber),
      }),
      refund: validatedAction({ params: transactions.refundParams, handler: (params) => refundTransaction(checkout, params) }),
      openCount: validatedAction({
        params: transactions.openCountParams,
        handler: async ({ terminalId }) => ({ count: await checkout.deps.repository.openCount(db.sql, terminalId) }),
      }),
      terminalDay: {
        ...validatedAction({
          params: transactions.terminalDayParams,
          handler: (params, ctx) => refreshingCache(ctx, TERMINAL_DAY_CACHE, terminalDay(checkout, params)),
        }),
        cache: TERMINAL_DAY_CACHE,
      },
      dayLedger: validatedAction({ params: reports.dayLedgerParams, handler: (p) => dayLedger(db.sql, p, config.store.currency) }),
      ...shiftActions(() => checkout),
    },
    events: {
      [terminals.TerminalsEvents.changed]: {
        handler(ctx: Context<unknown>) {
          const changed = terminals.terminalChangedEvent.safeParse(ctx.params);
          if (changed.success) checkout.deps.terminals.evict(changed.data.id);
        },
      },
      [inventory.InventoryEvents.productsChanged]: {
        handler(ctx: Context<unknown>) {
          const changed = inventory.productsChangedEvent.safeParse(ctx.params);
          if (changed.success) for (const sku of changed.data.skus) checkout.deps.products.evict(sku);
        },
      },
      'inventory.reservations.expired': {
        async handler() {
          await expireOverdue(checkout);
        },
      },
    },
  };
}
