import { loyaltyV1 } from '@tillwire/contracts/grpc';
import { grpcClientOnNode, GrpcCallError, serviceCaller, toBrokerError, type Config } from '@tillwire/platform';
import type { ServiceBroker } from 'moleculer';

/** What checkout asks of the loyalty service: pay with points, undo that payment, give points back on a refund. */
export interface LoyaltyPoints {
  redeem(request: loyaltyV1.RedeemRequest): Promise<loyaltyV1.RedeemResponse>;
  reverse(request: loyaltyV1.ReverseRequest): Promise<loyaltyV1.ReverseResponse>;
  refund(request: loyaltyV1.RefundRequest): Promise<loyaltyV1.RefundResponse>;
  close(): void;
}

/**
 * Loyalty over gRPC: the node's own server when it hosts loyalty (embedded mode), otherwise
 * LOYALTY_GRPC_URL; every call with a GRPC_DEADLINE_MS deadline. A refusal is rethrown in the broker
 * form (`type` = loyalty code, `code` = HTTP status, `data` = details), which the saga log stores and
 * the HTTP edge answers like any other service's refusal.
 */
export function loyaltyGrpcClient(node: ServiceBroker, config: Config): LoyaltyPoints {
  const client = grpcClientOnNode(node, loyaltyV1.LoyaltyServiceClient, {
    url: config.grpc.loyalty.url,
    deadlineMs: config.grpc.deadlineMs,
    caller: serviceCaller('transactions', config, node.logger),
  });
  const brokerForm = (error: unknown): never => {
    throw error instanceof GrpcCallError ? toBrokerError(error) : error;
  };
  return {
    redeem: (request) => client.call('redeem', request).catch(brokerForm),
    reverse: (request) => client.call('reverse', request).catch(brokerForm),
    refund: (request) => client.call('refund', request).catch(brokerForm),
    close: () => client.close(),
  };
}
