import type { Config } from '@tillwire/platform';
import type { terminals } from '@tillwire/contracts';
import { authoriseConnection } from '../use-cases/authorise-connection';
import { recordConnection } from '../use-cases/record-connection';
import { recordEvent } from '../use-cases/record-event';
import type { TerminalsDeps } from '../use-cases/terminals.deps';
import { ListenerCounters } from './listener-stats';
import { startTerminalListener, type TerminalListener, type TerminalListenerOptions } from './terminal-listener';

/** The service's listener, started with the service and closed with it. */
export interface ListenerLifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
  stats(nodeId: string): terminals.ListenerStats;
}

export function listenerLifecycle(
  deps: TerminalsDeps,
  config: Config,
  logger: TerminalListenerOptions['logger'],
): ListenerLifecycle {
  let listener: TerminalListener | undefined;
  const counters = new ListenerCounters();
  return {
    async start() {
      const { host, port } = config.terminals.listen;
      const own = await deps.ca.issueServer(host, new Date());
      try {
        listener = await startTerminalListener({
          host,
          port,
          tls: { certificatePem: own.certificatePem, privateKeyPem: own.privateKeyPem, caPem: deps.ca.certificatePem() },
          authorise: (peer, claim) => authoriseConnection(deps, peer, claim),
          connectionChanged: (terminalId, status) => recordConnection(deps, terminalId, status),
          eventReported: async (terminalId, type, payload) => void (await recordEvent(deps, terminalId, type, payload)),
          counters,
          logger,
        });
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
    },
    stats(nodeId) {
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
