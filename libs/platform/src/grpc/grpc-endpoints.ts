import type { Client, ServiceDefinition } from '@grpc/grpc-js';
import type { ServiceBroker } from 'moleculer';
import type { CallerCredentials } from './grpc-callers';
import { GrpcClient, type GrpcClientConstructor } from './grpc-client';

const endpoints = new WeakMap<ServiceBroker, Map<string, string>>();

/**
 * Records where a gRPC server of this node listens, for the node's own clients: the bound address,
 * also when the configured port was 0 (tests), so clients on the node never guess it.
 */
export function publishGrpcEndpoint(node: ServiceBroker, service: string, address: string): void {
  const published = endpoints.get(node) ?? new Map<string, string>();
  published.set(service, address);
  endpoints.set(node, published);
}

export function withdrawGrpcEndpoint(node: ServiceBroker, service: string): void {
  endpoints.get(node)?.delete(service);
}

/**
 * Where a client on `node` reaches `service`: the node's own server when it hosts one (embedded mode
 * and tests: loopback), otherwise `configured` (distributed mode: `LOYALTY_GRPC_URL` and the like).
 */
export function grpcTarget(node: ServiceBroker, service: string, configured: string): string {
  return endpoints.get(node)?.get(service) ?? configured;
}

/** A client for code on `node` of the service `Client` speaks to, found as `grpcTarget` says, on every call. */
export function grpcClientOnNode<C extends Client>(
  node: ServiceBroker,
  Client: GrpcClientConstructor<C>,
  options: { readonly url: string; readonly deadlineMs: number; readonly caller: CallerCredentials },
): GrpcClient<C> {
  const service = serviceNameOf(Client.service);
  return new GrpcClient(Client, () => grpcTarget(node, service, options.url), { deadlineMs: options.deadlineMs, caller: options.caller });
}

/** "loyalty.v1.LoyaltyService", from a method path "/loyalty.v1.LoyaltyService/Enroll". */
export function serviceNameOf(definition: ServiceDefinition): string {
  const [method] = Object.values(definition);
  const name = method?.path.split('/')[1];
  if (!name) throw new Error('A gRPC service definition without methods');
  return name;
}
