import os from 'node:os';
import { Middleware as ChannelsMiddleware } from '@moleculer/channels';
import moleculer, { type BrokerOptions, type Middleware, type ServiceSchema } from 'moleculer';
import type { Config } from '../config/config';
import { tracingMiddleware } from '../telemetry/tracing.middleware';
import { authorizationMiddleware } from './authorization.middleware';
import { domainErrorMiddleware } from './domain-error.middleware';

/**
 * JetStream stream that receives a channel message whose handler failed `maxRetries` times and that
 * is not in `platform.dead_letters`: the fallback for when a durable channel could not record it.
 */
export const DEAD_LETTER_QUEUE = 'TILLWIRE_DEAD_LETTER';

export interface BrokerSettings {
  /** Node id; defaults to `<host>-<role>-<pid>` so several nodes on one machine stay distinct. */
  nodeId?: string;
  /** Short name of what this node runs, used in the default node id. */
  role: string;
}

/**
 * One factory for every node: the local transporter and memory cacher in embedded mode,
 * NATS + Redis + JetStream channels in distributed mode. Services are created by the caller.
 */
export function createBroker(config: Config, settings: BrokerSettings): moleculer.ServiceBroker {
  const distributed = config.mode === 'distributed';
  const options: BrokerOptions = {
    namespace: config.namespace,
    nodeID: settings.nodeId ?? config.nodeId ?? `${os.hostname()}-${settings.role}-${process.pid}`,
    transporter: distributed ? { type: 'NATS', options: { url: config.natsUrl } } : null,
    cacher: distributed ? { type: 'Redis', options: { redis: config.redisUrl, prefix: config.namespace } } : 'Memory',
    serializer: 'JSON',
    logger: { type: 'Console', options: { level: config.logLevel, colors: process.stdout.isTTY, moduleColors: false } },
    requestTimeout: 10_000,
    retryPolicy: { enabled: false },
    // Off for actions; channels in-process turn it on per channel. Its queue has no limit: an
    // event over a limit would be dropped, and an in-process channel message with it.
    bulkhead: { enabled: false, maxQueueSize: 0 },
    registry: { strategy: 'RoundRobin', preferLocal: true },
    metrics: { enabled: false },
    tracing: { enabled: false },
    middlewares: [
      tracingMiddleware({ messagingSystem: distributed ? 'nats' : 'moleculer' }),
      domainErrorMiddleware(),
      authorizationMiddleware(),
      channelsMiddleware(config, distributed),
    ],
  };
  return new moleculer.ServiceBroker(options);
}

/**
 * Durable channels: JetStream when distributed, the in-process adapter (which never redelivers) when
 * embedded. Retries, backoff and dead letters are `durableChannel`'s; the adapter's own dead-lettering
 * catches only what that could not record.
 */
function channelsMiddleware(config: Config, distributed: boolean): Middleware {
  const adapter = distributed
    ? {
        type: 'NATS',
        options: {
          nats: { url: config.natsUrl, connectionOptions: {} },
          maxRetries: config.channels.maxRetries,
          deadLettering: { enabled: true, queueName: DEAD_LETTER_QUEUE },
        },
      }
    : { type: 'Fake', options: { maxRetries: config.channels.maxRetries } };
  // The package types demand every adapter option of every transport and a middleware shape
  // moleculer's own typings reject; the runtime accepts partial options and merges defaults.
  return ChannelsMiddleware({ adapter, context: true } as Parameters<typeof ChannelsMiddleware>[0]) as unknown as Middleware;
}

export type { ServiceSchema };
