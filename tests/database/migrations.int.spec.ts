import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, uniqueName } from '../../libs/platform/src/testing/index';
import { MIGRATIONS_DIR, SCHEMA_DIR } from '../../libs/platform/src/runner/workspace';
import { dropPostgresDatabase, ensurePostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import { nextMigrationSql } from '../../libs/platform/src/db/migration-diff';
import { applyMigrations, readMigrations, type Migration } from '../../libs/platform/src/db/migrations';
import { diffDatabaseToSchema } from '../../libs/platform/src/db/schema-engine';
import { readSchemaFiles, type SchemaFile } from '../../libs/platform/src/db/schema-files';
import { pgClientExecutor, pgliteExecutor, type SqlExecutor } from '../../libs/platform/src/db/sql-executor';

let migrations: Migration[];
let schema: SchemaFile[];

beforeAll(async () => {
  migrations = await readMigrations(MIGRATIONS_DIR);
  schema = await readSchemaFiles(SCHEMA_DIR);
});

it('has a migration for every change in the schema (npm run db:diff -- <name> writes it)', async () => {
  expect(migrations.length).toBeGreaterThan(0);
  expect(await nextMigrationSql(migrations, schema)).toBe('');
});

interface Target {
  sql: SqlExecutor;
  adapter: () => SqlDriverAdapterFactory;
  serverLock: boolean;
}

/** The same behaviour on both databases Tillwire runs on. */
function behavesOn(name: string, open: () => Promise<Target & { close(): Promise<void> }>) {
  describe(`migrations on ${name}`, () => {
    let target: Target & { close(): Promise<void> };
    beforeAll(async () => {
      target = await open();
    });
    afterAll(() => target?.close());

    it('produce exactly the schema', async () => {
      const first = await applyMigrations(target.sql, migrations, { serverLock: target.serverLock });
      expect(first.applied).toEqual(migrations.map((m) => m.name));
      expect(await diffDatabaseToSchema(target.adapter(), schema)).toBe('');
    });

    it('are recorded as prisma migrate records them, and applying again is a no-op', async () => {
      const again = await applyMigrations(target.sql, migrations, { serverLock: target.serverLock });
      expect(again).toEqual({ applied: [], alreadyApplied: migrations.length });
      const rows = await target.sql.query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
        'SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
      );
      expect(rows).toEqual(
        migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1 })),
      );
    });

    it('refuse a migration edited after it was applied', async () => {
      const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: '0'.repeat(64) } : m));
      await expect(applyMigrations(target.sql, edited, { serverLock: target.serverLock })).rejects.toThrow(
        /modified after it was applied/,
      );
    });

    it('roll back a failing migration together with its history row', async () => {
      const broken: Migration = { name: '29991231235959_broken', sql: 'CREATE TABLE platform.half_done (id int); SELECT 1/0;', checksum: 'f'.repeat(64) };
      await expect(applyMigrations(target.sql, [...migrations, broken], { serverLock: target.serverLock })).rejects.toThrow();
      const tables = await target.sql.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
      const history = await target.sql.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '${broken.name}'`);
      expect([tables.length, history.length]).toEqual([0, 0]);
    });
  });
}

behavesOn('PGlite', async () => {
  const pglite = await PGlite.create();
  return {
    sql: pgliteExecutor(pglite),
    adapter: () => new PrismaPGlite(pglite),
    serverLock: false,
    close: () => pglite.close(),
  };
});

behavesOn('PostgreSQL', async () => {
  const url = databaseUrl(uniqueName('tw_migrations'));
  await ensurePostgresDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    sql: pgClientExecutor(client),
    adapter: () => new PrismaPg({ connectionString: url }),
    serverLock: true,
    async close() {
      await client.end();
      await dropPostgresDatabase(url);
    },
  };
});
