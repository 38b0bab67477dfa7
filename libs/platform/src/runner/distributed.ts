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
const MAX_PORT = 65_535;

/**
 * `npm run start:distributed`: migrates and seeds PostgreSQL, then runs each service as its own OS
 * process over NATS, restarting any that dies, plus both web apps.
 */
export async function startDistributed(config: Config, options: { apiOnly: boolean }): Promise<void> {
  const healthPorts = nodeHealthPorts(config);
  const db = await prepareDatabase(config, log, { reset: false });
  try {
    await migrate(db, log);
    await seedDemoStore(db, log);
  } finally {
    await db.close();
  }
  const env = childEnvironment(await sharedGrpcPorts(config));
  let stopping = false;
  const children = new Map<ServiceName, ChildProcess>();
  const launch = (service: ServiceName) => {
    const health = healthPorts.get(service);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'node', '--services', service, '--node-id', `${os.hostname()}-${service}`],
      // The IPC channel closes when this supervisor dies, however it dies, and the node then stops itself.
      { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...env, ...(health === undefined ? {} : { NODE_HEALTH_PORT: String(health) }) } },
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
  const first = config.health.port;
  if (first === 0) log.info('  nodes   /livez, /readyz and /metrics of each service process on a free port, in its "Node health on" line');
  else if (first !== undefined) {
    log.info(`  nodes   http://${config.health.host}:${first}-${first + SERVICE_NAMES.length - 1} (/livez, /readyz, /metrics): ${SERVICE_NAMES.join(', ')}`);
  }
  for (const app of options.apiOnly ? [] : webApps(config)) {
    apps.push(await startWebApp(app, config, log));
    log.info(`  ${app.name.padEnd(9)} http://${config.api.host}:${app.port}`);
  }
}

/**
 * Where each service process answers its health and metrics: NODE_HEALTH_PORT and the ports after
 * it, one per service in SERVICE_NAMES order, or each a free one when it is 0; none when it is unset.
 */
function nodeHealthPorts(config: Config): Map<ServiceName, number> {
  const first = config.health.port;
  if (first === undefined) return new Map();
  if (first + SERVICE_NAMES.length - 1 > MAX_PORT) {
    throw new Error(`NODE_HEALTH_PORT: the ${SERVICE_NAMES.length} service processes need ports ${first}-${first + SERVICE_NAMES.length - 1}; pick one below ${MAX_PORT - SERVICE_NAMES.length + 2}`);
  }
  return new Map(SERVICE_NAMES.map((service, index) => [service, first === 0 ? 0 : first + index]));
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
