import type { ServiceBroker } from 'moleculer';
import { TRACE_SPANS_SERVICE } from '../telemetry/trace-spans.service';

/**
 * `local`: no transporter (embedded); `connected`: the NATS server answered a ping over the node's
 * connection; `unreachable`: it did not (NATS down or partitioned, the client retrying); `closed`:
 * the transporter gave up and will not reconnect by itself.
 */
export type TransporterState = 'local' | 'connected' | 'unreachable' | 'closed';

/** What a node's probes read: `live` while it can still recover by itself, `ready` while it serves. */
export interface NodeHealth {
  readonly live: boolean;
  readonly ready: boolean;
  readonly nodeId: string;
  /** Whether the broker has started every local service (false again once it stops). */
  readonly started: boolean;
  readonly transporter: TransporterState;
  /** The services this node hosts, the plumbing every node runs (Moleculer's `$node`, the span lookup) aside. */
  readonly services: readonly string[];
}

export async function nodeHealth(broker: ServiceBroker, pingTimeoutMs: number): Promise<NodeHealth> {
  const transporter = await transporterState(broker, pingTimeoutMs);
  return {
    live: transporter !== 'closed',
    ready: broker.started && (transporter === 'local' || transporter === 'connected'),
    nodeId: broker.nodeID,
    started: broker.started,
    transporter,
    services: broker.services.map((service) => service.name).filter((name) => !name.startsWith('$') && name !== TRACE_SPANS_SERVICE).sort(),
  };
}

/** Moleculer's NATS transporter as far as the probes use it; neither property is in its typings. */
interface NatsTransporter {
  /** False once its client closed for good. */
  readonly connected?: boolean;
  /** The nats.js connection: `flush` resolves when the server answers a PING. */
  readonly client?: { flush(): Promise<void> } | null;
}

async function transporterState(broker: ServiceBroker, pingTimeoutMs: number): Promise<TransporterState> {
  const transit = broker.transit;
  if (!transit) return 'local';
  const transporter = transit.tx as NatsTransporter;
  // Starting and stopping, the broker itself says it is not connected: not a connection given up.
  if (!transit.connected || !transporter.client) return 'unreachable';
  if (transporter.connected === false) return 'closed';
  // A round trip to the NATS server, not a cached flag: the client keeps reporting itself
  // connected while it retries a lost server. (A node skips its own PING packets, so a broker
  // ping to itself would never come back.)
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), pingTimeoutMs)));
  try {
    const answered = await Promise.race([transporter.client.flush().then(() => true), timedOut]);
    return answered ? 'connected' : 'unreachable';
  } catch {
    return 'unreachable';
  } finally {
    clearTimeout(timer);
  }
}
