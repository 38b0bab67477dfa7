import { randomUUID } from 'node:crypto';
import type { transactions } from '@tillwire/contracts';
import { reportsV1 } from '@tillwire/contracts/grpc';
import { grpcClientOnNode, type GrpcClient } from '@tillwire/platform';
import { testCaller, type TestNode } from '@tillwire/platform/testing';
export { grpcRejection as rejection } from '@tillwire/platform/testing';
import { vi } from 'vitest';

export type ReportsClient = GrpcClient<reportsV1.ReportsServiceClient>;

/** A client of the test node's own reports gRPC server, over a real socket (the fallback URL is closed). */
export function reportsClient(node: TestNode, deadlineMs = 10_000): ReportsClient {
  return grpcClientOnNode(node.broker, reportsV1.ReportsServiceClient, { url: '127.0.0.1:1', deadlineMs, caller: testCaller() });
}

/** Sends an event as the outbox relay would, through the node's durable channel. */
export function deliver(node: TestNode, channel: string, payload: object): Promise<void> {
  return (node.broker as unknown as { sendToChannel(channel: string, payload: object): Promise<void> }).sendToChannel(channel, payload);
}

export function saleEvent(overrides: Partial<transactions.TransactionCompletedEvent> = {}): transactions.TransactionCompletedEvent {
  const totalMinor = overrides.totalMinor ?? 1000;
  return {
    transactionId: randomUUID(),
    receiptNumber: 1,
    terminalId: 'T1',
    departmentCode: 'GROCERY',
    customerId: null,
    totalMinor: 1000,
    payments: [{ method: 'card', amountMinor: 1000 }],
    completedAt: '2025-03-10T12:00:00.000Z',
    currency: 'EUR',
    discountMinor: 0,
    shiftId: null,
    operatorId: 'alice',
    departments: [{ departmentCode: overrides.departmentCode ?? 'GROCERY', amountMinor: totalMinor, units: 1 }],
    ...overrides,
  };
}

/** Waits until `count` rows of `table` exist in the reports schema (channels deliver asynchronously). */
export async function projected(node: TestNode, table: string, count: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const [row] = await node.database.db.sql.query<{ n: bigint }>(`SELECT count(*) AS n FROM reports.${table}`);
      if (Number(row!.n) < count) throw new Error(`${row!.n} of ${count} ${table} projected`);
    },
    { timeout: 10_000, interval: 50 },
  );
}
