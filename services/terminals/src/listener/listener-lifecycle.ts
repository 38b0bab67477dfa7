import type { Config } from '@tillwire/platform';
import type { terminals } from '@tillwire/contracts';
import type { Vendor, VendorAdapter } from '../adapters/vendor-adapter';
import type { TerminalGateway } from '../gateway/terminal-gateway';
import { authoriseConnection } from '../use-cases/authorise-connection';
import { recordConnection } from '../use-cases/record-connection';
import type { TerminalsDeps } from '../use-cases/terminals.deps';
import { acceptVendorPost, type VendorEventMessage } from '../use-cases/vendor-events';
import { observeListener } from './listener-metrics';
import { ListenerCounters } from './listener-stats';
import { startTerminalListener, type TerminalListener, type TerminalListenerOptions } from './terminal-listener';

/** The service's listener, started with the service and closed with it. */
export interface ListenerLifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(): terminals.ListenerStats;
}

export interface ListenerWiring {
  readonly nodeId: string;
  readonly gateway: TerminalGateway;
  readonly adapters: Readonly<Record<Vendor, VendorAdapter>>;
  readonly vendorEvents: { dispatch(message: VendorEventMessage): Promise<void> };
  readonly logger: TerminalListenerOptions['logger'];
}

export function listenerLifecycle(deps: TerminalsDeps, config: Config, wiring: ListenerWiring): ListenerLifecycle {
  let listener: TerminalListener | undefined;
  let unobserve: (() => void) | undefined;
  const counters = new ListenerCounters();
  const { nodeId, gateway, adapters, vendorEvents, logger } = wiring;
  return {
    async start() {
      const { host, port } = config.terminals.listen;
      const own = await deps.ca.issueServer(host, config.terminals.serverNames, new Date());
      try {
        listener = await startTerminalListener({
          host,
          port,
          tls: { certificatePem: own.certificatePem, privateKeyPem: own.privateKeyPem, caPem: deps.ca.certificatePem() },
          authorise: (peer, claim) => authoriseConnection(deps, peer, claim),
          connectionChanged: (terminalId, status) => recordConnection(deps, terminalId, nodeId, status),
          sessionOpened: (terminalId, vendor, socket) => gateway.attach(terminalId, vendor, socket),
          vendorPosted: (vendor, body) => acceptVendorPost(adapters[vendor as Vendor], vendorEvents, body),
          counters,
          logger,
        });
        unobserve = observeListener(counters);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        // A terminals node without its listener would look healthy and serve no terminal.
        throw new Error(`The terminal listener cannot bind ${host}:${port}: it is in use. Set TERMINAL_LISTEN_PORT (0 picks a free port).`, {
          cause: error,
        });
      }
    },
    async stop() {
      await listener?.close();
      listener = undefined;
      unobserve?.();
      unobserve = undefined;
    },
    stats() {
      return {
        nodeId,
        address: listener?.address ?? null,
        openSessions: counters.openSessions,
        accepted: counters.accepted,
        rejected: counters.rejections(),
      };
    },
  };
}
