import { terminals } from '@tillwire/contracts';
import { validatedAction, type ServiceDependencies } from '@tillwire/platform';
import type { Context, LoggerInstance, Service, ServiceBroker, ServiceSchema } from 'moleculer';
import { z } from 'zod';
import { simulatorTerminal } from './adapters/simulator.adapter';
import { dayFiguresSource } from './clients/day-figures.client';
import { departmentDirectory } from './clients/departments.client';
import { locationDirectory } from './clients/locations.client';
import { openTransactions } from './clients/transactions.client';
import { certificatesRepository } from './db/certificates.repository';
import { terminalEventsRepository } from './db/events.repository';
import { terminalsRepository } from './db/terminals.repository';
import { listenerLifecycle } from './listener/listener-lifecycle';
import { terminalCa } from './pki/terminal-ca';
import { countTerminals } from './use-cases/count-terminals';
import { createTerminal } from './use-cases/create-terminal';
import { getTerminal } from './use-cases/get-terminal';
import { issueCertificate } from './use-cases/issue-certificate';
import { listCertificates } from './use-cases/list-certificates';
import { listEvents } from './use-cases/list-events';
import { listTerminals } from './use-cases/list-terminals';
import { listWithToday } from './use-cases/list-with-today';
import { payOnTerminal } from './use-cases/pay-on-terminal';
import { refundPayment } from './use-cases/refund-payment';
import { removeTerminal } from './use-cases/remove-terminal';
import { reversePayment } from './use-cases/reverse-payment';
import { revokeCertificate } from './use-cases/revoke-certificate';
import type { TerminalsDeps, TerminalsPeers } from './use-cases/terminals.deps';
import { updateTerminal } from './use-cases/update-terminal';

/** The contract has no schema for `terminals.list`; an optional department filter is all it takes. */
const listParams = z.object({ departmentCode: terminals.terminal.shape.departmentCode.optional() });

const noParams = z.object({});

/** A change to a terminal, broadcast once it is done so caches of it (pricing's) drop it. */
async function announced<T extends { id: string }>(ctx: Context, change: Promise<T>): Promise<T> {
  const terminal = await change;
  await ctx.broadcast(terminals.TerminalsEvents.changed, { id: terminal.id });
  return terminal;
}

const peers = (ctx: Context): TerminalsPeers => ({
  departments: departmentDirectory(ctx),
  locations: locationDirectory(ctx),
  openTransactions: openTransactions(ctx),
  dayFigures: dayFiguresSource(ctx),
});

/**
 * Terminal registry, certificates, the mTLS listener and card payments. Actions validate, call one
 * use case; errors map in terminals.errors.ts.
 */
export function createTerminalsService({ db, config }: ServiceDependencies): ServiceSchema {
  // The broker hands the service its logger only once it creates it.
  let logger: LoggerInstance | undefined;
  let broker: ServiceBroker | undefined;
  const log = {
    info: (message: string) => logger?.info(message),
    warn: (message: string) => logger?.warn(message),
    error: (message: string, error?: unknown) => logger?.error(message, error),
  };
  const deps: TerminalsDeps = {
    db: db.sql,
    terminals: terminalsRepository,
    terminalEvents: terminalEventsRepository,
    publishEvent: async (event) => {
      await broker?.broadcast(terminals.TerminalsEvents.event, event);
    },
    // Every vendor is served by the built-in simulator until the terminal gateway adds vendor adapters.
    cardTerminal: simulatorTerminal(),
    certificates: certificatesRepository,
    ca: terminalCa({ dir: config.terminals.caDir, passphrase: config.secrets.caKeyPassphrase, logger: log }),
    certOverlapSeconds: config.terminals.certOverlapSeconds,
  };
  const listener = listenerLifecycle(deps, config, log);
  return {
    name: 'terminals',
    created(this: Service) {
      logger = this.logger;
      broker = this.broker;
    },
    async started() {
      await deps.ca.load();
      await listener.start();
    },
    async stopped() {
      await listener.stop();
    },
    actions: {
      list: validatedAction({ params: listParams, handler: (p) => listTerminals(deps, p) }),
      listWithToday: validatedAction({
        params: terminals.listWithTodayParams,
        handler: (p, ctx) => listWithToday(deps, peers(ctx), p),
      }),
      get: validatedAction({ params: terminals.getTerminalParams, handler: (p) => getTerminal(deps, p) }),
      create: validatedAction({
        params: terminals.createTerminalParams,
        handler: (p, ctx) => createTerminal(deps, peers(ctx), p),
      }),
      update: validatedAction({
        params: terminals.updateTerminalParams,
        handler: (p, ctx) => announced(ctx, updateTerminal(deps, peers(ctx), p)),
      }),
      remove: validatedAction({
        params: terminals.removeTerminalParams,
        handler: (p, ctx) => announced(ctx, removeTerminal(deps, peers(ctx), p)),
      }),
      count: validatedAction({ params: terminals.countTerminalsParams, handler: (p) => countTerminals(deps, p) }),
      pay: validatedAction({ params: terminals.payParams, handler: (p) => payOnTerminal(deps, p) }),
      reverse: validatedAction({ params: terminals.reverseParams, handler: (p) => reversePayment(deps, p) }),
      refund: validatedAction({ params: terminals.terminalRefundParams, handler: (p) => refundPayment(deps, p) }),
      issueCertificate: validatedAction({
        params: terminals.issueCertificateParams,
        handler: (p) => issueCertificate(deps, p),
      }),
      listCertificates: validatedAction({
        params: terminals.listCertificatesParams,
        handler: (p) => listCertificates(deps, p),
      }),
      revokeCertificate: validatedAction({
        params: terminals.revokeCertificateParams,
        handler: (p) => revokeCertificate(deps, p),
      }),
      caCertificate: validatedAction({ params: noParams, handler: async () => ({ certificatePem: deps.ca.certificatePem() }) }),
      listEvents: validatedAction({ params: terminals.listEventsParams, handler: (p) => listEvents(deps, p) }),
      listenerStats: validatedAction({ params: noParams, handler: async (_p, ctx) => listener.stats(ctx.nodeID ?? '') }),
    },
  };
}
