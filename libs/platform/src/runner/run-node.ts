import type { ServiceBroker } from 'moleculer';
import { createBroker } from '../broker/create-broker';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import { traceSpansService } from '../telemetry/trace-spans.service';
import type { ServiceName } from './service-module';
import { loadServiceModule } from './workspace';

export interface RunningNode {
  readonly broker: ServiceBroker;
  stop(): Promise<void>;
}

/** Starts one broker node hosting `services`, all sharing the process's database. */
export async function runNode(
  config: Config,
  db: Database,
  services: readonly ServiceName[],
  nodeId?: string,
): Promise<RunningNode> {
  const role = services.length === 1 ? services[0]! : 'all';
  const broker = createBroker(config, { role, ...(nodeId ? { nodeId } : {}) });
  for (const name of services) {
    const module = await loadServiceModule(name);
    broker.createService(module.create({ config, db }));
  }
  // Each process keeps its own spans: the admin trace view asks every node for its share.
  broker.createService(traceSpansService());
  await broker.start();
  return { broker, stop: () => broker.stop() };
}
