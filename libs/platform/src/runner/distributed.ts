import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { childEnvironment, type Config } from '../config/config';
import { localGrpcAddress } from '../grpc/grpc-server';
import { migrate, prepareDatabase } from './database-setup';
import { consoleLog as log, onShutdown } from './process-lifecycle';
import { seedDemoStore } from './seed';
import { SERVICE_NAMES, type ServiceName } from './service-module';
import { startWebApp, webApps, type RunningWebApp } from './web-apps';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const RESTART_DELAY_MS = 1_000;

/**
 * `npm run start:distributed`: migrates and seeds PostgreSQL, then runs each service as its own OS
 * process over NATS, restarting any that dies, plus both web apps.
 */
export async function startDistributed(config: Config, options: { apiOnly: boolean }): Promise<void> {
  const db = await prepareDatabase(config, log, { reset: false });
  try {
    await migrate(db, log);
    await seedDemoStore(db, log);
  } finally {
    await db.close();
  }
  // One health port is one node's: the service processes of this machine answer none.
  const { NODE_HEALTH_PORT: _onePerNode, ...env } = childEnvironment(await sharedGrpcPorts(config));
  let stopping = false;
  const children = new Map<ServiceName, ChildProcess>();
  const launch = (service: ServiceName) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'node', '--services', service, '--node-id', `${os.hostname()}-${service}`],
      // The IPC channel closes when this supervisor dies, however it dies, and the node then stops itself.
      { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env },
    );
    children.set(service, child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      log.info(`Service ${service} exited (${signal ?? code}); restarting in ${RESTART_DELAY_MS} ms`);
      setTimeout(() => !stopping && launch(service), RESTART_DELAY_MS);
    });
  };
  SERVICE_NAMES.forEach(launch);
  const apps: RunningWebApp[] = [];
  onShutdown(async () => {
    stopping = true;
    for (const app of apps) app.stop();
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  });
  const api = `http://${config.api.host}:${config.api.port}`;
  log.info(`Started ${SERVICE_NAMES.length} service processes over ${config.natsUrl}`);
  log.info(`  API     ${api}   (health: ${api}/health)`);
  for (const app of options.apiOnly ? [] : webApps(config)) {
    apps.push(await startWebApp(app, config, log));
    log.info(`  ${app.name.padEnd(9)} http://${config.api.host}:${app.port}`);
  }
}

/**
 * The service processes find each other's gRPC servers by LOYALTY_GRPC_URL and the like, so a port 0
 * (a free one, as the tests ask) is chosen once here and handed to every process, with its URL.
 */
async function sharedGrpcPorts(config: Config): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [prefix, server] of [['LOYALTY', config.grpc.loyalty], ['REPORTS', config.grpc.reports]] as const) {
    if (server.port !== 0) continue;
    const port = await freePort(config.grpc.host);
    env[`${prefix}_GRPC_PORT`] = String(port);
    env[`${prefix}_GRPC_URL`] = localGrpcAddress(config.grpc.host, port);
  }
  return env;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
