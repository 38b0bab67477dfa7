import { reportsV1 } from '@tillwire/contracts/grpc';
import { GrpcCallError, grpcClientOnNode, toBrokerError, type Config, type GrpcClient } from '@tillwire/platform';
import type { ServiceBroker } from 'moleculer';

export type ReportsGrpc = GrpcClient<reportsV1.ReportsServiceClient>;

const clients = new WeakMap<ServiceBroker, ReportsGrpc>();

/**
 * The reports gRPC client of this API node (its own server when the node hosts reports, otherwise
 * REPORTS_GRPC_URL), opened when the API starts; routes find it by their broker.
 */
export function openReportsClient(node: ServiceBroker, config: Pick<Config, 'grpc'>): void {
  clients.set(node, grpcClientOnNode(node, reportsV1.ReportsServiceClient, { url: config.grpc.reports.url, deadlineMs: config.grpc.deadlineMs }));
}

export function closeReportsClient(node: ServiceBroker): void {
  clients.get(node)?.close();
  clients.delete(node);
}

/** A refusal is rethrown in the broker form (`type` = reports code, `code` = HTTP status), which the HTTP edge answers. */
async function onClient<T>(node: ServiceBroker, call: (client: ReportsGrpc) => Promise<T>): Promise<T> {
  const client = clients.get(node);
  if (!client) throw new Error('The reports client is not open on this node');
  try {
    return await call(client);
  } catch (error) {
    throw error instanceof GrpcCallError ? toBrokerError(error) : error;
  }
}

export const runReconciliation = (node: ServiceBroker, request: reportsV1.RunReconciliationRequest, deadlineMs: number) =>
  onClient(node, (client) => client.call('runReconciliation', request, { deadlineMs }));

export const getReconciliation = (node: ServiceBroker, request: reportsV1.GetReconciliationRequest) =>
  onClient(node, (client) => client.call('getReconciliation', request));
