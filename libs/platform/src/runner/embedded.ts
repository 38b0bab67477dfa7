import type { Config } from '../config/config';
import type { Telemetry } from '../telemetry/start-telemetry';
import { migrate, prepareDatabase } from './database-setup';
import { consoleLog as log, onShutdown } from './process-lifecycle';
import { runNode } from './run-node';
import { seedDemoStore } from './seed';
import { SERVICE_NAMES } from './service-module';
import { startWebApp, webApps, type RunningWebApp } from './web-apps';

/** `npm start`: every service in this process on PGlite, plus both web apps. */
export async function startEmbedded(config: Config, telemetry: Telemetry, options: { reset: boolean; apiOnly: boolean }): Promise<void> {
  const startedAt = Date.now();
  const db = await prepareDatabase(config, log, options);
  await migrate(db, log);
  await seedDemoStore(db, log);
  const node = await runNode(config, db, SERVICE_NAMES);
  const apps: RunningWebApp[] = [];
  onShutdown(async () => {
    for (const app of apps) app.stop();
    await node.stop();
    await db.close();
    await telemetry.shutdown();
  });
  const api = `http://${config.api.host}:${config.api.port}`;
  log.info(`Platform ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  log.info(`  API     ${api}   (health: ${api}/health)`);
  for (const app of options.apiOnly ? [] : webApps(config)) {
    apps.push(await startWebApp(app, config, log));
    log.info(`  ${app.name.padEnd(9)} http://${config.api.host}:${app.port}`);
  }
  log.info('Press Ctrl-C to stop.');
}
