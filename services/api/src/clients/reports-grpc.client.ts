import { credentials, type ServiceError } from '@grpc/grpc-js';
import { reportsV1 } from '@tillwire/contracts/grpc';
import {
  fromGrpcError,
  GrpcCallError,
  grpcClientOnNode,
  grpcTarget,
  serviceCaller,
  serviceNameOf,
  toBrokerError,
  type Config,
  type GrpcClient,
} from '@tillwire/platform';
import type { ServiceBroker } from 'moleculer';

export type ReportsGrpc = GrpcClient<reportsV1.ReportsServiceClient>;

interface ReportsClient {
  readonly unary: ReportsGrpc;
  /** Where the reports server is now (the node's own, or REPORTS_GRPC_URL), for streaming calls. */
  readonly target: () => string;
}

const clients = new WeakMap<ServiceBroker, ReportsClient>();
const SERVICE = serviceNameOf(reportsV1.ReportsServiceService);

/**
 * The reports gRPC client of this API node (its own server when the node hosts reports, otherwise
 * REPORTS_GRPC_URL), opened when the API starts; routes find it by their broker.
 */
export function openReportsClient(node: ServiceBroker, config: Config): void {
  const { url } = config.grpc.reports;
  const caller = serviceCaller('api', config, node.logger);
  clients.set(node, {
    unary: grpcClientOnNode(node, reportsV1.ReportsServiceClient, { url, deadlineMs: config.grpc.deadlineMs, caller }),
    target: () => grpcTarget(node, SERVICE, url),
  });
}

export function closeReportsClient(node: ServiceBroker): void {
  clients.get(node)?.unary.close();
  clients.delete(node);
}

function clientOf(node: ServiceBroker): ReportsClient {
  const client = clients.get(node);
  if (!client) throw new Error('The reports client is not open on this node');
  return client;
}

/** A refusal is rethrown in the broker form (`type` = reports code, `code` = HTTP status), which the HTTP edge answers. */
async function onClient<T>(node: ServiceBroker, call: (client: ReportsGrpc) => Promise<T>): Promise<T> {
  try {
    return await call(clientOf(node).unary);
  } catch (error) {
    throw error instanceof GrpcCallError ? toBrokerError(error) : error;
  }
}

export const runReconciliation = (node: ServiceBroker, request: reportsV1.RunReconciliationRequest, deadlineMs: number) =>
  onClient(node, (client) => client.call('runReconciliation', request, { deadlineMs }));

export const getReconciliation = (node: ServiceBroker, request: reportsV1.GetReconciliationRequest) =>
  onClient(node, (client) => client.call('getReconciliation', request));

export const listReconciliations = (node: ServiceBroker, request: reportsV1.ListReconciliationsRequest) =>
  onClient(node, (client) => client.call('listReconciliations', request));

export const departmentSales = (node: ServiceBroker, request: reportsV1.DepartmentSalesRequest) =>
  onClient(node, (client) => client.call('departmentSales', request));

/** A CSV export, read whole from the server's stream: its file name and its text. */
export async function exportCsv(
  node: ServiceBroker,
  request: reportsV1.ExportCsvRequest,
  deadlineMs: number,
): Promise<{ fileName: string; csv: string }> {
  const { unary, target } = clientOf(node);
  const metadata = await unary.metadata();
  // The unary client has no streaming calls: a client of its own lives as long as the export.
  const client = new reportsV1.ReportsServiceClient(target(), credentials.createInsecure());
  try {
    return await new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let fileName = '';
      const stream = client.exportCsv(request, metadata, { deadline: Date.now() + deadlineMs });
      stream.on('data', (chunk: reportsV1.ExportCsvResponse) => {
        chunks.push(chunk.data);
        fileName ||= chunk.fileName;
      });
      stream.on('error', (error: ServiceError) => {
        const mapped = fromGrpcError(error, `${SERVICE}/ExportCsv`);
        reject(mapped instanceof GrpcCallError ? toBrokerError(mapped) : mapped);
      });
      stream.on('end', () => resolve({ fileName, csv: Buffer.concat(chunks).toString('utf8') }));
    });
  } finally {
    client.close();
  }
}
