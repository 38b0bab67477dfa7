import { openPostgres, type Database } from '../db/database';
import { dropPostgresDatabase, ensurePostgresDatabase } from '../db/ensure-database';
import { applyMigrations, readMigrations } from '../db/migrations';
import { MIGRATIONS_DIR } from '../runner/workspace';
import { databaseUrl, uniqueName } from './test-environment';

export interface TestDatabase {
  readonly url: string;
  readonly db: Database;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

/** A new PostgreSQL database on the test server with every migration applied. */
export async function createTestDatabase(prefix = 'tw_test'): Promise<TestDatabase> {
  const url = databaseUrl(uniqueName(prefix));
  await ensurePostgresDatabase(url);
  const db = openPostgres(url, 20);
  await db.withSql(async (sql) => applyMigrations(sql, await readMigrations(MIGRATIONS_DIR), { serverLock: true }));
  return {
    url,
    db,
    async drop() {
      await db.close();
      await dropPostgresDatabase(url);
    },
  };
}
