import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config';
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
  let stopping = false;
  const children = new Map<ServiceName, ChildProcess>();
  const launch = (service: ServiceName) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'node', '--services', service, '--node-id', `${os.hostname()}-${service}`],
      // The IPC channel closes when this supervisor dies, however it dies, and the node then stops itself.
      { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
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
