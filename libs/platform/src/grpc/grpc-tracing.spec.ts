import { createSecretKey, randomBytes } from 'node:crypto';
import { SpanKind, trace } from '@opentelemetry/api';
import { loyaltyV1 } from '@tillwire/contracts/grpc';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { parseConfig } from '../config/config';
import { spanRing, startTelemetry, type Telemetry } from '../telemetry/start-telemetry';
import { CallerCredentials, callerKeyOf } from './grpc-callers';
import { GrpcClient } from './grpc-client';
import { internalStatus } from './grpc-errors';
import { startGrpcServer, unaryHandler, type RunningGrpcServer } from './grpc-server';

let telemetry: Telemetry;
let server: RunningGrpcServer;
let client: GrpcClient<loyaltyV1.LoyaltyServiceClient>;
/** The trace the handler ran in, as the server saw it. */
let seenTraceId: string | undefined;

beforeAll(async () => {
  telemetry = startTelemetry(parseConfig({}), 'grpc-tracing-test');
  const implementation: Pick<loyaltyV1.LoyaltyServiceServer, 'getAccount'> = {
    getAccount: unaryHandler(async ({ id }: loyaltyV1.GetAccountRequest) => {
      seenTraceId = trace.getActiveSpan()?.spanContext().traceId;
      return { account: { id, name: 'Traced', tier: loyaltyV1.Tier.TIER_BRONZE, balancePoints: 0, lifetimePoints: 0 } };
    }, internalStatus),
  };
  const callers = callerKeyOf(createSecretKey(randomBytes(32)));
  server = await startGrpcServer({ host: '127.0.0.1', port: 0 }, [{ definition: loyaltyV1.LoyaltyServiceService, implementation }], { callers });
  const caller = new CallerCredentials('tests', async () => callers);
  client = new GrpcClient(loyaltyV1.LoyaltyServiceClient, () => server.address, { deadlineMs: 2_000, caller });
});
afterAll(async () => {
  client?.close();
  await server?.stop();
  await telemetry?.shutdown();
});

it('carries the caller’s trace into the server: a CLIENT span and a SERVER span under it', async () => {
  const root = await trace.getTracer('tillwire.test').startActiveSpan('checkout', async (span) => {
    await client.call('getAccount', { id: 'C-1' });
    span.end();
    return span.spanContext();
  });
  expect(seenTraceId).toBe(root.traceId);
  // The ring receives ended spans asynchronously.
  const spans = await vi.waitFor(() => {
    const recorded = spanRing()!.trace(root.traceId);
    expect(recorded).toHaveLength(3);
    return recorded;
  });
  const path = '/loyalty.v1.LoyaltyService/GetAccount';
  const clientSpan = spans.find((s) => s.name === path && s.kind === SpanKind.CLIENT);
  const serverSpan = spans.find((s) => s.name === path && s.kind === SpanKind.SERVER);
  expect(clientSpan).toMatchObject({ parentSpanId: root.spanId, attributes: { 'rpc.system': 'grpc', 'rpc.method': 'GetAccount' } });
  expect(serverSpan).toMatchObject({ parentSpanId: clientSpan!.spanId, attributes: { 'rpc.service': 'loyalty.v1.LoyaltyService' } });
});
