import type { ServiceSchema } from 'moleculer';
import type { Config } from '../config/config';
import type { Database } from '../db/database';

export const SERVICE_NAMES = ['api', 'transactions', 'inventory', 'departments', 'terminals', 'loyalty', 'reports'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** What the process runner hands each service when it creates it. */
export interface ServiceDependencies {
  readonly config: Config;
  readonly db: Database;
}

/** The default export of every `services/<name>/src/main.ts`. */
export interface ServiceModule {
  readonly name: ServiceName;
  create(deps: ServiceDependencies): ServiceSchema;
}

export function defineServiceModule(module: ServiceModule): ServiceModule {
  return module;
}

export function parseServiceNames(list: string): ServiceName[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown service(s): ${unknown.join(', ')}. Known: ${SERVICE_NAMES.join(', ')}`);
  }
  return names.length === 0 || names.includes('all') ? [...SERVICE_NAMES] : (names as ServiceName[]);
}
