import { openPostgres, type Database } from '../../libs/platform/src/db/database';
import { dropPostgresDatabase, ensurePostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import { applyMigrations, readMigrations } from '../../libs/platform/src/db/migrations';
import { MIGRATIONS_DIR } from '../../libs/platform/src/runner/workspace';
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
