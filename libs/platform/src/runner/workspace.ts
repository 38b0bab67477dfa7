import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServiceModule, ServiceName } from './service-module';

/** The repository root; the runner is the composition root and finds services and apps from here. */
export const WORKSPACE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const MIGRATIONS_DIR = path.join(WORKSPACE_ROOT, 'prisma', 'migrations');
export const SCHEMA_DIR = path.join(WORKSPACE_ROOT, 'prisma', 'schema');

/**
 * Services never import each other, and the platform library must not import them either: the
 * runner loads each by path at start-up.
 */
export async function loadServiceModule(name: ServiceName): Promise<ServiceModule> {
  const file = path.join(WORKSPACE_ROOT, 'services', name, 'src', 'main.ts');
  const loaded = (await import(pathToFileURL(file).href)) as { default: ServiceModule };
  return loaded.default;
}
