import { randomUUID } from 'node:crypto';
import { loyaltyV1 } from '@tillwire/contracts/grpc';
import { grpcClientOnNode, type GrpcClient, type SqlExecutor } from '@tillwire/platform';
import { testCaller, type TestNode } from '@tillwire/platform/testing';
export { grpcRejection as rejection } from '@tillwire/platform/testing';

export type LoyaltyClient = GrpcClient<loyaltyV1.LoyaltyServiceClient>;
export const { Tier, EntryKind } = loyaltyV1;

/**
 * A client of the test node's own loyalty gRPC server, over a real socket. The node listens on a free
 * port and publishes it; the fallback URL is closed, so a server that never started fails loudly.
 */
export function loyaltyClient(node: TestNode, deadlineMs = 10_000): LoyaltyClient {
  return grpcClientOnNode(node.broker, loyaltyV1.LoyaltyServiceClient, { url: '127.0.0.1:1', deadlineMs, caller: testCaller() });
}

export async function enroll(client: LoyaltyClient, name = 'Test Member'): Promise<loyaltyV1.Account> {
  const { account } = await client.call('enroll', { name });
  return account!;
}

/** A new account holding `points` (one bronze accrual of points × 100 minor units). */
export async function fundedAccount(client: LoyaltyClient, points: number): Promise<loyaltyV1.Account> {
  const { id } = await enroll(client);
  await client.call('accrue', { accountId: id, transactionId: randomUUID(), amountMinor: points * 100 });
  return (await client.call('getAccount', { id })).account!;
}

/** A count or sum read straight from the database: `select` yields one row with one integer column `n`. */
export async function numberOf(sql: SqlExecutor, select: string, params: readonly unknown[] = []): Promise<number> {
  const [row] = await sql.query<{ n: number }>(select, params);
  if (!row) throw new Error(`No row from ${select}`);
  return row.n;
}
