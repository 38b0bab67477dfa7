import { createSecretKey, randomBytes } from 'node:crypto';
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { healthV1, loyaltyV1, reportsV1 } from '@tillwire/contracts/grpc';
import moleculer from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError, type ErrorStatus } from '../errors/domain-error';
import { CallerCredentials, callerKeyOf, signCallerToken } from './grpc-callers';
import { GrpcClient } from './grpc-client';
import { grpcTarget, publishGrpcEndpoint, withdrawGrpcEndpoint } from './grpc-endpoints';
import { GrpcCallError, grpcStatusOf, internalStatus } from './grpc-errors';
import { startGrpcServer, unaryHandler, type RunningGrpcServer } from './grpc-server';

const { HealthCheckResponse_ServingStatus: Serving } = healthV1;

class ProbeError extends DomainError<'probe_refused'> {
  readonly status: ErrorStatus = 422;
}

const toStatus = (error: unknown) =>
  error instanceof ProbeError ? grpcStatusOf(status.FAILED_PRECONDITION, error) : internalStatus();

/** The plumbing under test, exercised through a generated service with handlers of the test's own. */
const probe: Pick<loyaltyV1.LoyaltyServiceServer, 'getAccount' | 'enroll'> = {
  getAccount: unaryHandler(async ({ id }: loyaltyV1.GetAccountRequest) => {
    if (id === 'refuse') throw new ProbeError('probe_refused', 'Refused on purpose', { who: 'Zoë Åberg', points: 12 });
    if (id === 'crash') throw new Error('secret stack');
    return { account: { id, name: 'Probe', tier: loyaltyV1.Tier.TIER_GOLD, balancePoints: 2 ** 40, lifetimePoints: 0 } };
  }, toStatus),
  enroll: unaryHandler(async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { account: undefined };
  }, toStatus),
};

/** A streaming method, to see callers checked there too. */
const exports: Pick<reportsV1.ReportsServiceServer, 'exportCsv'> = {
  exportCsv: (call) => {
    call.write({ fileName: 'probe.csv', data: Buffer.from('a,b\r\n') });
    call.end();
  },
};

const callers = callerKeyOf(createSecretKey(randomBytes(32)));
const caller = new CallerCredentials('tests', async () => callers);
const listen = { host: '127.0.0.1', port: 0 };

let server: RunningGrpcServer;
let loyalty: GrpcClient<loyaltyV1.LoyaltyServiceClient>;
let health: GrpcClient<healthV1.HealthClient>;

beforeAll(async () => {
  server = await startGrpcServer(
    listen,
    [
      { definition: loyaltyV1.LoyaltyServiceService, implementation: probe },
      { definition: reportsV1.ReportsServiceService, implementation: exports },
    ],
    { callers },
  );
  loyalty = new GrpcClient(loyaltyV1.LoyaltyServiceClient, () => server.address, { deadlineMs: 2_000, caller });
  health = new GrpcClient(healthV1.HealthClient, () => server.address, { deadlineMs: 2_000 });
});
afterAll(async () => {
  loyalty?.close();
  health?.close();
  await server?.stop();
});

async function rejection(call: Promise<unknown>): Promise<GrpcCallError> {
  try {
    await call;
  } catch (error) {
    return error as GrpcCallError;
  }
  throw new Error('Expected the call to be rejected');
}

describe('gRPC server plumbing', () => {
  it('binds a free port for port 0 and answers on it, int64 as number', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
    expect(await loyalty.call('getAccount', { id: 'C-1' })).toMatchObject({
      account: { id: 'C-1', tier: loyaltyV1.Tier.TIER_GOLD, balancePoints: 2 ** 40 },
    });
  });

  it('reports SERVING through grpc.health.v1 for the server and each service, NOT_FOUND for others', async () => {
    expect(await health.call('check', { service: '' })).toEqual({ status: Serving.SERVING });
    expect(await health.call('check', { service: 'loyalty.v1.LoyaltyService' })).toEqual({ status: Serving.SERVING });
    expect(await rejection(health.call('check', { service: 'nope.v1.Nope' }))).toMatchObject({ grpcCode: status.NOT_FOUND });
    expect(await health.call('list', {})).toEqual({
      statuses: {
        '': { status: Serving.SERVING },
        'loyalty.v1.LoyaltyService': { status: Serving.SERVING },
        'reports.v1.ReportsService': { status: Serving.SERVING },
      },
    });
  });

  it('sends a domain error as its gRPC status with the code and details in trailers', async () => {
    const error = await rejection(loyalty.call('getAccount', { id: 'refuse' }));
    expect(error).toBeInstanceOf(GrpcCallError);
    expect(error).toMatchObject({
      grpcCode: status.FAILED_PRECONDITION,
      code: 'probe_refused',
      message: 'Refused on purpose',
      status: 422,
      details: { who: 'Zoë Åberg', points: 12 },
    });
  });

  it('hides what it did not map behind INTERNAL', async () => {
    const error = await rejection(loyalty.call('getAccount', { id: 'crash' }));
    expect(error).toMatchObject({ code: status.INTERNAL, details: 'Internal error' });
    expect(JSON.stringify(error)).not.toContain('secret');
  });

  it('puts a deadline on every call: the default one, or the call’s own', async () => {
    const started = Date.now();
    expect(await rejection(loyalty.call('enroll', { name: 'x' }, { deadlineMs: 50 }))).toMatchObject({
      grpcCode: status.DEADLINE_EXCEEDED,
      code: 'dependency_unavailable',
      message: 'A dependency did not answer (loyalty.v1.LoyaltyService/Enroll: DEADLINE_EXCEEDED)',
      status: 503,
    });
    expect(Date.now() - started).toBeLessThan(250);
    const strict = new GrpcClient(loyaltyV1.LoyaltyServiceClient, () => server.address, { deadlineMs: 50, caller });
    try {
      expect(await rejection(strict.call('enroll', { name: 'x' }))).toMatchObject({ grpcCode: status.DEADLINE_EXCEEDED });
    } finally {
      strict.close();
    }
    expect(await loyalty.call('enroll', { name: 'x' })).toEqual({ account: undefined });
  });

  it('answers UNAVAILABLE as dependency_unavailable when nothing listens', async () => {
    const stopped = await startGrpcServer(listen, [], { callers });
    await stopped.stop();
    const client = new GrpcClient(loyaltyV1.LoyaltyServiceClient, () => stopped.address, { deadlineMs: 2_000, caller });
    try {
      const error = await rejection(client.call('getAccount', { id: 'C-1' }));
      expect(error).toMatchObject({ grpcCode: status.UNAVAILABLE, code: 'dependency_unavailable', status: 503 });
      expect(error.message).toBe('A dependency did not answer (loyalty.v1.LoyaltyService/GetAccount: UNAVAILABLE)');
    } finally {
      client.close();
    }
  });

  it('tells Watch NOT_SERVING when the server stops', async () => {
    const watched = await startGrpcServer(listen, [], { callers });
    // Watch streams, so it is the one call made with the generated client itself.
    const client = new healthV1.HealthClient(watched.address, credentials.createInsecure());
    const seen: number[] = [];
    const stream = client.watch({ service: '' }, { deadline: Date.now() + 5_000 });
    const ended = new Promise<void>((resolve) => {
      stream.on('data', (response: healthV1.HealthCheckResponse) => {
        seen.push(response.status);
        if (seen.length === 1) void watched.stop();
      });
      stream.on('end', resolve);
      stream.on('error', () => resolve());
    });
    await ended;
    client.close();
    expect(seen).toEqual([Serving.SERVING, Serving.NOT_SERVING]);
  });
});

describe('callers of a gRPC server', () => {
  /** The status a unary call made with `authorization` (none when undefined) ends with. */
  async function refusedWith(authorization: string | undefined): Promise<ServiceError> {
    const client = new loyaltyV1.LoyaltyServiceClient(server.address, credentials.createInsecure());
    const metadata = new Metadata();
    if (authorization !== undefined) metadata.set('authorization', authorization);
    try {
      return await new Promise((resolve, reject) =>
        client.getAccount({ id: 'C-1' }, metadata, { deadline: Date.now() + 2_000 }, (error) =>
          error ? resolve(error) : reject(new Error('The call was answered')),
        ),
      );
    } finally {
      client.close();
    }
  }

  it('refuses a call without a caller token as UNAUTHENTICATED, and the client takes it as an internal fault', async () => {
    const error = await refusedWith(undefined);
    expect(error).toMatchObject({ code: status.UNAUTHENTICATED, details: expect.stringContaining('carries no caller token') });
    const anonymous = new GrpcClient(loyaltyV1.LoyaltyServiceClient, () => server.address, { deadlineMs: 2_000 });
    try {
      const refused = await rejection(anonymous.call('getAccount', { id: 'C-1' }));
      expect(refused).not.toBeInstanceOf(GrpcCallError);
      expect(refused).toMatchObject({ code: status.UNAUTHENTICATED });
    } finally {
      anonymous.close();
    }
  });

  it("refuses another deployment's token, an expired one and a malformed one", async () => {
    const inAMinute = Math.floor(Date.now() / 1000) + 60;
    const stranger = callerKeyOf(createSecretKey(randomBytes(32)));
    expect((await refusedWith(`Tillwire-Caller ${signCallerToken(stranger, 'tests', inAMinute)}`)).details).toContain('not signed by this deployment');
    const expired = signCallerToken(callers, 'tests', inAMinute - 3_600);
    expect((await refusedWith(`Tillwire-Caller ${expired}`)).details).toContain('expired');
    expect((await refusedWith('Bearer abc')).details).toContain('malformed');
  });

  it('refuses a streaming call without a token, and streams to a caller', async () => {
    const client = new reportsV1.ReportsServiceClient(server.address, credentials.createInsecure());
    const read = (metadata: Metadata) =>
      new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        const stream = client.exportCsv({ kind: reportsV1.ExportKind.EXPORT_KIND_TERMINAL_DAILY_SUMMARIES }, metadata, { deadline: Date.now() + 2_000 });
        stream.on('data', (chunk: reportsV1.ExportCsvResponse) => chunks.push(chunk.data));
        stream.on('error', reject);
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
    try {
      await expect(read(new Metadata())).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
      const metadata = new Metadata();
      metadata.set('authorization', await caller.authorization());
      expect(await read(metadata)).toBe('a,b\r\n');
    } finally {
      client.close();
    }
  });

  it('leaves the health service open to probes without a token', async () => {
    const probeClient = new GrpcClient(healthV1.HealthClient, () => server.address, { deadlineMs: 2_000 });
    try {
      expect(await probeClient.call('check', { service: '' })).toEqual({ status: Serving.SERVING });
    } finally {
      probeClient.close();
    }
  });
});

describe('gRPC endpoints of a node', () => {
  it('point a node’s clients at its own server, and elsewhere at the configured URL', () => {
    const node = new moleculer.ServiceBroker({ logger: false });
    const other = new moleculer.ServiceBroker({ logger: false });
    publishGrpcEndpoint(node, 'loyalty', '127.0.0.1:41234');
    expect(grpcTarget(node, 'loyalty', '127.0.0.1:50051')).toBe('127.0.0.1:41234');
    expect(grpcTarget(other, 'loyalty', '127.0.0.1:50051')).toBe('127.0.0.1:50051');
    withdrawGrpcEndpoint(node, 'loyalty');
    expect(grpcTarget(node, 'loyalty', 'dns:///loyalty:50051')).toBe('dns:///loyalty:50051');
  });
});

describe('a gRPC port in use', () => {
  it('stops the server from starting, naming the address', async () => {
    const second = startGrpcServer({ host: '127.0.0.1', port: server.port }, [{ definition: loyaltyV1.LoyaltyServiceService, implementation: probe }], {
      callers,
    });
    await expect(second).rejects.toThrow(`gRPC server loyalty.v1.LoyaltyService cannot listen on 127.0.0.1:${server.port}`);
  });
});
