import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Config } from '../config/config';
import { pgClientExecutor, pgliteExecutor, pgPoolExecutor, watchConnection, type SqlExecutor } from './sql-executor';

/** Everything a node needs of its database; one per process. */
export interface Database {
  readonly kind: 'postgres' | 'pglite';
  /** Parameterised SQL: what every repository and the platform's plumbing run on. */
  readonly sql: SqlExecutor;
  /** Runs raw SQL on a dedicated connection (PostgreSQL) or the embedded instance (PGlite). */
  withSql<T>(work: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL when `DATABASE_URL` is set, otherwise PGlite with its data in `<dataDir>/pgdata`. */
export async function openDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, config.databasePoolSize)
    : openPglite(path.join(config.dataDir, 'pgdata'));
}

export function openPostgres(connectionString: string, poolSize = 10): Database {
  // TIMESTAMP columns hold UTC (as Prisma's schema defines them); now() in SQL must mean the same clock.
  const pool = new pg.Pool({ connectionString, max: poolSize, options: '-c TimeZone=UTC' });
  // An idle connection that dies (server restart, database dropped) is removed by pg; without a
  // listener its error would crash the process. The next query opens a new connection.
  pool.on('error', (error) => console.warn(`[tillwire] idle database connection lost: ${error.message}`));
  return {
    kind: 'postgres',
    sql: pgPoolExecutor(pool),
    async withSql(work) {
      const client = await pool.connect();
      const lost = watchConnection(client);
      try {
        return await work(pgClientExecutor(client));
      } finally {
        lost.stop();
        client.release(lost.error);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** `directory` undefined keeps the database in memory. */
export async function openPglite(directory: string | undefined): Promise<Database> {
  if (directory) await mkdir(directory, { recursive: true });
  const pglite = await PGlite.create(directory);
  await pglite.exec("SET TimeZone = 'UTC'");
  return {
    kind: 'pglite',
    sql: pgliteExecutor(pglite),
    withSql: (work) => work(pgliteExecutor(pglite)),
    async close() {
      await pglite.close();
    },
  };
}
