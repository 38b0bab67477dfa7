import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBroker } from '../broker/create-broker';
import { parseConfig } from '../config/config';
import type { ServiceName } from '../runner/service-module';
import { loadServiceModule } from '../runner/workspace';
import { createTestDatabase, type TestDatabase } from './test-database';
import { TEST_JWT_SECRET } from './test-tokens';
import type { ServiceBroker } from 'moleculer';

export interface TestNode {
  readonly broker: ServiceBroker;
  readonly database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * A real broker (local transporter) hosting `services` on a fresh migrated PostgreSQL database, or
 * on `database` when given, wired as the runner wires them: each service is loaded by path.
 */
export async function startTestNode(
  services: readonly ServiceName[],
  env: Readonly<Record<string, string>> = {},
  database?: TestDatabase,
): Promise<TestNode> {
  const db = database ?? (await createTestDatabase(`tw_${services.join('_')}`));
  // Each node its own data directory (terminal CA, simulated terminals' keys) and free listener
  // ports, so test nodes never meet on 8443 or the gRPC ports; the node's gRPC clients find its own
  // servers' ports (grpcTarget), and a node without the server reaches a closed port, never a
  // platform running beside the tests. Simulated terminals only where a test asks for them.
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tw-node-'));
  const config = parseConfig({
    LOG_LEVEL: 'warn',
    TILLWIRE_DATA_DIR: dataDir,
    TERMINAL_LISTEN_PORT: '0',
    LOYALTY_GRPC_PORT: '0',
    LOYALTY_GRPC_URL: '127.0.0.1:1',
    REPORTS_GRPC_PORT: '0',
    REPORTS_GRPC_URL: '127.0.0.1:1',
    TERMINAL_SIMULATORS: 'off',
    // No nightly reconciliation firing inside a test; a test that wants it sets the time.
    RECONCILIATION_TIME: 'off',
    // Tests sign their own access tokens with the shared test key (testAccessToken).
    JWT_SECRET: TEST_JWT_SECRET,
    ...env,
  });
  const broker = createBroker(config, { role: `${services.join('-')}-test` });
  for (const name of services) {
    const module = await loadServiceModule(name);
    broker.createService(module.create({ config, db: db.db }));
  }
  await broker.start();
  return {
    broker,
    database: db,
    async stop() {
      await broker.stop();
      if (!database) await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
