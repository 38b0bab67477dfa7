import type { Config } from '../config/config';
import { openDatabase } from '../db/database';
import type { Telemetry } from '../telemetry/start-telemetry';
import { startHealthServer } from './health-server';
import { onShutdown } from './process-lifecycle';
import { runNode } from './run-node';
import { parseServiceNames } from './service-module';

/** `tillwire node --services …`: one broker node; the database must already be migrated. */
export async function startServiceNode(
  config: Config,
  telemetry: Telemetry,
  services: string,
  nodeId: string | undefined,
): Promise<void> {
  const db = await openDatabase(config);
  const node = await runNode(config, db, parseServiceNames(services), nodeId);
  const { host, port } = config.health;
  const health = port === undefined ? undefined : await startHealthServer(node.broker, { host, port });
  onShutdown(async () => {
    // The health endpoint answers "not ready" until the broker has stopped.
    await node.stop();
    await health?.close();
    await db.close();
    await telemetry.shutdown();
  });
  // Started by the distributed supervisor: stop with it.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
