import { reports, terminals, transactions } from '@tillwire/contracts';
import { deadLetterActions, deadLetterSink, durableChannel, validatedAction, type ServiceDependencies } from '@tillwire/platform';
import path from 'node:path';
import type { Context, LoggerInstance, Service, ServiceBroker, ServiceSchema } from 'moleculer';
import { z } from 'zod';
import { nexoAdapter } from './adapters/nexo/nexo.adapter';
import { simulatorAdapter } from './adapters/simulator/simulator.adapter';
import type { Vendor, VendorAdapter } from './adapters/vendor-adapter';
import { dayFiguresSource } from './clients/day-figures.client';
import { departmentDirectory } from './clients/departments.client';
import { locationDirectory } from './clients/locations.client';
import { openTransactions } from './clients/transactions.client';
import { certificatesRepository } from './db/certificates.repository';
import { commandsRepository } from './db/commands.repository';
import { terminalEventsRepository } from './db/events.repository';
import { terminalsRepository } from './db/terminals.repository';
import { CommandWaiters, type SettledCommand } from './gateway/command-waiters';
import { simulatedFleet, type SimulatedFleet } from './gateway/simulated-fleet';
import { TerminalGateway } from './gateway/terminal-gateway';
import { listenerLifecycle } from './listener/listener-lifecycle';
import { terminalCa } from './pki/terminal-ca';
import { countTerminals } from './use-cases/count-terminals';
import { createTerminal } from './use-cases/create-terminal';
import { dayPayments, roster } from './use-cases/day-payments';
import { deliverCommand } from './use-cases/deliver-command';
import { getTerminal } from './use-cases/get-terminal';
import { issueCertificate } from './use-cases/issue-certificate';
import { listCertificates } from './use-cases/list-certificates';
import { listEvents } from './use-cases/list-events';
import { listTerminals } from './use-cases/list-terminals';
import { listWithToday } from './use-cases/list-with-today';
import { payOnTerminal } from './use-cases/pay-on-terminal';
import { printReceipt } from './use-cases/print-receipt';
import { recordEvent } from './use-cases/record-event';
import { refundPayment } from './use-cases/refund-payment';
import { removeTerminal } from './use-cases/remove-terminal';
import { reversePayment } from './use-cases/reverse-payment';
import { revokeCertificate } from './use-cases/revoke-certificate';
import { terminalTotals } from './use-cases/terminal-totals';
import type { TerminalsDeps, TerminalsPeers } from './use-cases/terminals.deps';
import { updateTerminal } from './use-cases/update-terminal';
import { recordVendorEvent, type VendorEventMessage } from './use-cases/vendor-events';

/** The contract has no schema for `terminals.list`; an optional department filter is all it takes. */
const listParams = z.object({ departmentCode: terminals.terminal.shape.departmentCode.optional() });

const noParams = z.object({});

const ADAPTERS: Readonly<Record<Vendor, VendorAdapter>> = { nexo: nexoAdapter, simulator: simulatorAdapter };

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
  // The broker hands the service its logger and node id only once it creates it.
  let logger: LoggerInstance | undefined;
  let broker: ServiceBroker | undefined;
  const log = {
    info: (message: string) => logger?.info(message),
    warn: (message: string) => logger?.warn(message),
    error: (message: string, error?: unknown) => logger?.error(message, error),
  };
  const send = async (channel: string, message: object) => {
    await (broker as unknown as { sendToChannel(channel: string, payload: object): Promise<void> }).sendToChannel(channel, message);
  };
  const deps: TerminalsDeps = {
    db: db.sql,
    terminals: terminalsRepository,
    terminalEvents: terminalEventsRepository,
    publishEvent: async (event) => {
      await broker?.broadcast(terminals.TerminalsEvents.event, event);
    },
    commands: commandsRepository,
    commandChannel: { dispatch: (message) => send(terminals.TerminalsChannels.commands, message) },
    waiters: new CommandWaiters(),
    settled: async (command) => {
      await broker?.broadcast(terminals.TerminalsEvents.commandSettled, command);
    },
    timeouts: {
      deliveryMs: config.terminals.commandTimeoutSeconds * 1000,
      paymentMs: config.terminals.paymentTimeoutSeconds * 1000,
      commandMs: config.terminals.commandTimeoutSeconds * 1000,
    },
    certificates: certificatesRepository,
    ca: terminalCa({ dir: config.terminals.caDir, passphrase: config.secrets.caKeyPassphrase, logger: log }),
    certOverlapSeconds: config.terminals.certOverlapSeconds,
  };
  const deadLetters = deadLetterSink(db.sql);
  let gateway: TerminalGateway | undefined;
  let listener: ReturnType<typeof listenerLifecycle> | undefined;
  const fleet: SimulatedFleet | undefined = config.terminals.simulators
    ? simulatedFleet({
        deps,
        dir: path.join(config.dataDir, 'simulated-terminals'),
        listenerUrl: () => {
          const address = listener?.stats().address;
          return address ? `wss://${address.host}:${address.port}` : undefined;
        },
        logger: log,
      })
    : undefined;
  const nodes = (nodeId: string) => ({
    nodeId,
    holds: (terminalId: string) => gateway!.hasSession(terminalId),
    deliverHere: (terminalId: string, serviceId: string) => gateway!.deliver(terminalId, serviceId),
    deliverOn: async (node: string, terminalId: string, serviceId: string) => {
      await broker!.call(terminals.TerminalsActions.deliver, { terminalId, serviceId }, { nodeID: node });
    },
  });
  return {
    name: 'terminals',
    created(this: Service) {
      logger = this.logger;
      broker = this.broker;
      gateway = new TerminalGateway({
        nodeId: this.broker.nodeID,
        db: db.sql,
        commands: commandsRepository,
        adapters: ADAPTERS,
        timeouts: deps.timeouts,
        settled: deps.settled,
        eventReported: async (terminalId, event) => void (await recordEvent(deps, terminalId, event.type, { ...event.payload })),
        logger: log,
      });
      listener = listenerLifecycle(deps, config, {
        nodeId: this.broker.nodeID,
        gateway,
        adapters: ADAPTERS,
        vendorEvents: { dispatch: (message) => send(terminals.TerminalsChannels.vendorEvents, message) },
        logger: log,
      });
    },
    async started() {
      await deps.ca.load();
      await listener!.start();
      await fleet?.start();
    },
    async stopped() {
      await fleet?.stop();
      await listener!.stop();
    },
    events: {
      [terminals.TerminalsEvents.commandSettled]: {
        handler(ctx: Context<SettledCommand>) {
          deps.waiters.settled(ctx.params);
        },
      },
    },
    channels: {
      [terminals.TerminalsChannels.commands]: durableChannel({
        channel: terminals.TerminalsChannels.commands,
        // Room for every terminal's command beside those waiting out a retry for an absent one.
        maxInFlight: 256,
        handler: (ctx) => deliverCommand(deps, nodes(broker!.nodeID), terminals.commandMessage.parse(ctx.params)),
        deadLetters,
        retry: config.channels,
      }),
      [terminals.TerminalsChannels.vendorEvents]: durableChannel({
        channel: terminals.TerminalsChannels.vendorEvents,
        maxInFlight: 16,
        handler: async (ctx) => void (await recordVendorEvent(deps, ctx.params as VendorEventMessage)),
        deadLetters,
        retry: config.channels,
      }),
      // A sale paid by card prints its receipt on the terminal that took the card.
      [transactions.TransactionChannels.completed]: durableChannel({
        channel: transactions.TransactionChannels.completed,
        group: 'terminals',
        handler: async (ctx) => {
          const sale = transactions.transactionCompletedEvent.parse(ctx.params);
          if (sale.payments.some((p) => p.method === 'card')) await printReceipt(deps, sale);
        },
        deadLetters,
        retry: config.channels,
      }),
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
      totals: validatedAction({ params: terminals.totalsParams, handler: (p) => terminalTotals(deps, p) }),
      dayPayments: validatedAction({ params: reports.daySliceParams, handler: (p) => dayPayments(deps, p) }),
      roster: validatedAction({ params: z.object({}), handler: () => roster(deps) }),
      deliver: validatedAction({
        params: terminals.commandAddress,
        handler: async (p) => gateway!.deliver(p.terminalId, p.serviceId),
      }),
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
      listenerStats: validatedAction({ params: noParams, handler: async () => listener!.stats() }),
      ...deadLetterActions({ db: db.sql }),
    },
  };
}
