import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createBroker } from '../broker/create-broker';
import { childEnvironment, parseConfig } from '../config/config';
import { createTestDatabase, TEST_JWT_SECRET, testEnvironment, uniqueName } from '../testing/index';
import { startHealthServer, type HealthServer } from './health-server';
import type { NodeHealth } from './node-health';
import { WORKSPACE_ROOT } from './workspace';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('a node health endpoint over NATS', () => {
  it('is ready once the services started and NATS answers the node, and unready while NATS is lost', async () => {
    const proxy = await natsProxy();
    cleanups.push(() => proxy.close());
    let startServices = () => {};
    const servicesStarted = new Promise<void>((resolve) => (startServices = resolve));
    const broker = createBroker(distributedConfig(`nats://127.0.0.1:${proxy.port}`), { role: 'health-test' });
    broker.createService({ name: 'probe', started: () => servicesStarted });
    const health = await startHealthServer(broker, { host: '127.0.0.1', port: 0 });
    cleanups.push(() => health.close());

    const starting = broker.start();
    cleanups.push(async () => {
      if (broker.started) await broker.stop();
    });
    expect(await probe(health, '/readyz')).toMatchObject({ status: 503, body: { ready: false, started: false } });
    startServices();
    await starting;
    expect(await probe(health, '/readyz')).toEqual({
      status: 200,
      body: { live: true, ready: true, nodeId: broker.nodeID, started: true, transporter: 'connected', services: ['probe'] },
    });

    proxy.cut();
    expect(await probe(health, '/readyz')).toMatchObject({ status: 503, body: { transporter: 'unreachable', started: true } });
    // Restarting the pod would not bring NATS back: the node stays live and reconnects by itself.
    expect(await probe(health, '/livez')).toMatchObject({ status: 200, body: { live: true } });

    await proxy.restore();
    expect(await until(() => probe(health, '/readyz'), (answer) => answer.status === 200)).toMatchObject({
      body: { transporter: 'connected' },
    });

    await broker.stop();
    expect(await probe(health, '/readyz')).toMatchObject({ status: 503, body: { started: false } });
    expect((await fetch(`http://127.0.0.1:${health.port}/health`)).status).toBe(404);
  });

  it('is no longer live once the NATS connection is closed for good', async () => {
    // Quiet: stopping over the closed connection logs its failure, which is expected here.
    const config = parseConfig({ ...distributedEnvironment(testEnvironment.natsUrl), LOG_LEVEL: 'fatal' });
    const broker = createBroker(config, { role: 'health-test' });
    await broker.start();
    const health = await startHealthServer(broker, { host: '127.0.0.1', port: 0 });
    cleanups.push(() => health.close());
    expect(await probe(health, '/livez')).toMatchObject({ status: 200, body: { transporter: 'connected' } });

    // What the client does after a fatal error (authorisation revoked, say): it stops reconnecting.
    const client = (broker.transit!.tx as unknown as { client: { close(): Promise<void> } }).client;
    await client.close();
    expect(await probe(health, '/livez')).toMatchObject({ status: 503, body: { live: false, transporter: 'closed' } });
    await broker.stop().catch(() => {});
  });

  it('is served by `tillwire node` when NODE_HEALTH_PORT is set, and goes with the node', { timeout: 90_000 }, async () => {
    const database = await createTestDatabase('tw_node_health');
    cleanups.push(() => database.drop());
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(WORKSPACE_ROOT, 'libs/platform/src/runner/cli.ts'), 'node', '--services', 'departments'], {
      cwd: WORKSPACE_ROOT,
      env: childEnvironment({
        ...distributedEnvironment(testEnvironment.natsUrl),
        DATABASE_URL: database.url,
        NODE_HEALTH_PORT: String(port),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });

    const ready = await until(
      () => probe({ port }, '/readyz').catch(() => ({ status: 0, body: {} as NodeHealth })),
      (answer) => answer.status === 200,
      60_000,
    ).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${output}`)));
    expect(ready.body).toMatchObject({ services: ['departments'], transporter: 'connected' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/livez`)).rejects.toThrow();
  });
});

function distributedEnvironment(natsUrl: string): Record<string, string> {
  return {
    TILLWIRE_MODE: 'distributed',
    // A namespace of its own: other tests' nodes on the shared NATS stay out of this one's registry.
    TILLWIRE_NAMESPACE: uniqueName('health').replaceAll('_', '-').slice(0, 32),
    NATS_URL: natsUrl,
    REDIS_URL: testEnvironment.redisUrl,
    LOG_LEVEL: 'warn',
    JWT_SECRET: TEST_JWT_SECRET,
  };
}

function distributedConfig(natsUrl: string) {
  return parseConfig(distributedEnvironment(natsUrl));
}

async function probe(server: Pick<HealthServer, 'port'>, pathname: string): Promise<{ status: number; body: NodeHealth }> {
  const response = await fetch(`http://127.0.0.1:${server.port}${pathname}`);
  return { status: response.status, body: (await response.json()) as NodeHealth };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still not there after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP relay in front of the test NATS server: `cut` drops every connection and refuses new ones
 * (NATS lost, as the node sees it), `restore` listens again on the same port.
 */
async function natsProxy() {
  const upstream = new URL(testEnvironment.natsUrl);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const relay = net.connect(Number(upstream.port || 4222), upstream.hostname);
    for (const socket of [client, relay]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(relay).pipe(client);
    client.once('close', () => relay.destroy());
    relay.once('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  const port = await listen(0);
  const cut = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    cut,
    restore: () => listen(port),
    close: async () => cut(),
  };
}
