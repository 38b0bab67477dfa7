import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlExecutor } from './sql-executor';

export interface Migration {
  /** Directory name, `<yyyyMMddHHmmss>_<name>`, as Prisma lays it out. */
  name: string;
  sql: string;
  /** SHA-256 of migration.sql, the checksum `prisma migrate` records and compares. */
  checksum: string;
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATION_NAME = /^\d{14}_[a-z0-9_]+$/;

/** Prisma's own bookkeeping table, so `prisma migrate deploy` on a connected machine sees the same history. */
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Arbitrary constant shared by every Tillwire node so only one migrates a database at a time. */
const MIGRATION_LOCK_ID = 7_243_119_001;

export async function readMigrations(directory: string): Promise<Migration[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory() && MIGRATION_NAME.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(directory, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies every migration not yet recorded, each in its own transaction together with its history
 * row. Applying again is a no-op; a recorded migration whose file changed is refused.
 */
export async function applyMigrations(
  db: SqlExecutor,
  migrations: readonly Migration[],
  options: { serverLock: boolean; onApplied?: (name: string) => void },
): Promise<MigrationReport> {
  if (options.serverLock) await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
  try {
    await db.exec(HISTORY_TABLE);
    const recorded = await db.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const checksums = new Map(recorded.map((row) => [row.migration_name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      const known = checksums.get(migration.name);
      if (known !== undefined) {
        if (known !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was modified after it was applied (checksum differs)`);
        }
        continue;
      }
      await db.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
      });
      applied.push(migration.name);
      options.onApplied?.(migration.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    if (options.serverLock) await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
  }
}
