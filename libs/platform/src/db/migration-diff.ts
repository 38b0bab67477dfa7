import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, type Migration } from './migrations';
import { diffDatabaseToSchema } from './schema-engine';
import type { SchemaFile } from './schema-files';
import { pgliteExecutor } from './sql-executor';

/**
 * SQL of the next migration: the existing migrations are replayed into a throw-away in-memory
 * PGlite, and Prisma's schema engine diffs that database to the schema. "" when nothing changed.
 */
export async function nextMigrationSql(migrations: readonly Migration[], schema: readonly SchemaFile[]): Promise<string> {
  const shadow = await PGlite.create();
  try {
    await applyMigrations(pgliteExecutor(shadow), migrations, { serverLock: false });
    return await diffDatabaseToSchema(new PrismaPGlite(shadow), schema);
  } finally {
    await shadow.close();
  }
}

/** `<yyyyMMddHHmmss>_<name>`, Prisma's migration directory name. */
export function migrationDirectoryName(name: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}_${name}`;
}
