import {
  Server,
  ServerCredentials,
  type handleUnaryCall,
  type ServiceDefinition,
  type StatusObject,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { healthV1 } from '@tillwire/contracts/grpc';
import type { ServiceBroker } from 'moleculer';
import { callersOnly, type CallerKey } from './grpc-callers';
import { publishGrpcEndpoint, serviceNameOf, withdrawGrpcEndpoint } from './grpc-endpoints';
import { HealthService } from './grpc-health';
import { tracedImplementation } from './grpc-tracing';

/** A generated service definition (`…ServiceService`) and the handlers that implement it. */
export interface GrpcService {
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

export interface RunningGrpcServer {
  /** `host:port` a client on this machine connects to: the bound port, also when port 0 was asked. */
  readonly address: string;
  readonly port: number;
  /** Health NOT_SERVING, then a graceful shutdown that cancels calls still running after `graceMs`. */
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Listens on `host:port` (port 0: a free one) with `services`, which answer only callers with a
 * token signed with `callers` (the platform's own services), the standard grpc.health.v1 service
 * (open to probes) reporting each SERVING once bound, and a server span per call carrying the
 * caller's trace. Given the broker `node` it runs on, it publishes its address there for the node's
 * own clients.
 */
export async function startGrpcServer(
  listen: { readonly host: string; readonly port: number },
  services: readonly GrpcService[],
  options: { readonly callers: CallerKey; readonly node?: ServiceBroker },
): Promise<RunningGrpcServer> {
  const server = new Server();
  const names = services.map(({ definition }) => serviceNameOf(definition));
  const health = new HealthService(names);
  server.addService(healthV1.HealthService, health.implementation);
  for (const { definition, implementation } of services) {
    server.addService(definition, tracedImplementation(definition, callersOnly(definition, implementation, options.callers)));
  }
  const port = await new Promise<number>((resolve, reject) => {
    const at = `${bracketed(listen.host)}:${listen.port}`;
    server.bindAsync(at, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(new Error(`gRPC server ${names.join(', ')} cannot listen on ${at}: ${error.message}`)) : resolve(bound),
    );
  });
  health.set(true);
  const address = localGrpcAddress(listen.host, port);
  const { node } = options;
  if (node) for (const name of names) publishGrpcEndpoint(node, name, address);
  return {
    address,
    port,
    async stop() {
      if (node) for (const name of names) withdrawGrpcEndpoint(node, name);
      health.set(false);
      health.close();
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}

/**
 * A unary handler that answers what `handle` resolves, or the status `toStatus` makes of what it
 * throws. Services build their one-line RPC handlers on it.
 */
export function unaryHandler<Request, Response>(
  handle: (request: Request) => Promise<Response>,
  toStatus: (error: unknown) => Partial<StatusObject>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    handle(call.request).then(
      (response) => callback(null, response),
      (error: unknown) => callback(toStatus(error)),
    );
  };
}

/** Where a client on this machine reaches a server listening on `host:port`: a wildcard host on loopback. */
export function localGrpcAddress(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '::1' : host;
  return `${bracketed(reachable)}:${port}`;
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
