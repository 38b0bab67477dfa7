import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config';
import { openDatabase, type Database } from '../db/database';
import { ensurePostgresDatabase } from '../db/ensure-database';
import { applyMigrations, readMigrations } from '../db/migrations';
import { MIGRATIONS_DIR } from './workspace';

export interface Log {
  info(message: string): void;
}

/** Opens the configured database, creating (PostgreSQL) or resetting (embedded) it first when asked. */
export async function prepareDatabase(config: Config, log: Log, options: { reset: boolean }): Promise<Database> {
  if (options.reset) {
    if (config.databaseUrl) throw new Error('--reset only applies to the embedded database; drop a PostgreSQL database yourself');
    await rm(path.join(config.dataDir, 'pgdata'), { recursive: true, force: true });
    log.info(`Reset embedded database in ${config.dataDir}`);
  }
  if (config.databaseUrl && (await ensurePostgresDatabase(config.databaseUrl))) {
    log.info(`Created database ${new URL(config.databaseUrl).pathname.slice(1)}`);
  }
  return openDatabase(config);
}

/** Applies pending migrations; safe to run on every start and from several nodes at once. */
export async function migrate(db: Database, log: Log): Promise<void> {
  const migrations = await readMigrations(MIGRATIONS_DIR);
  const report = await db.withSql((sql) =>
    applyMigrations(sql, migrations, {
      serverLock: db.kind === 'postgres',
      onApplied: (name) => log.info(`Applied migration ${name}`),
    }),
  );
  if (report.applied.length === 0) log.info(`Database up to date (${report.alreadyApplied} migrations)`);
}
