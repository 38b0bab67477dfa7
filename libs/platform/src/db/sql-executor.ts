import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * The few raw-SQL operations the platform needs below Prisma (migrations, database set-up),
 * over PostgreSQL and PGlite alike.
 */
export interface SqlExecutor {
  query<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script without parameters. */
  exec(script: string): Promise<void>;
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

export function pgliteExecutor(db: PGlite | PGliteTransaction): SqlExecutor {
  return {
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await db.query<Row>(text, [...params])).rows;
    },
    async exec(script: string) {
      await db.exec(script);
    },
    transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      if (!('transaction' in db)) return work(this);
      return db.transaction((tx) => work(pgliteExecutor(tx)));
    },
  };
}

export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await client.query<Row & pg.QueryResultRow>(text, [...params])).rows;
    },
    async exec(script: string) {
      await client.query(script);
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      await client.query('BEGIN');
      try {
        const result = await work(this);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
}
