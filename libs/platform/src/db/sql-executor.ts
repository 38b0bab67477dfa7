import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Parameterised SQL over PostgreSQL and PGlite alike: what repositories on the checkout's hot path
 * and the platform's plumbing (sagas, idempotency keys, outbox, migrations) run on. Values read back
 * the same on both: BIGINT as `bigint`, TIMESTAMP (stored as UTC, as Prisma stores it) as a `Date`;
 * `Date` parameters are sent as UTC and `bigint` ones as text.
 */
export interface SqlExecutor {
  query<Row extends object>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs one statement and returns how many rows it wrote. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a multi-statement script without parameters. */
  exec(script: string): Promise<void>;
  /** Runs `work` in one database transaction; inside a transaction, `work` joins it. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
}

const INT8 = 20;
const TIMESTAMP = 1114;

const parseTimestamp = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
const parseBigint = (text: string) => BigInt(text);

function toParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

const toParams = (params: readonly unknown[]) => params.map(toParam);

/** pg's own parsers for every other type; the pool is shared with Prisma's adapter, so these apply per query. */
const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return parseBigint;
    if (oid === TIMESTAMP) return parseTimestamp;
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

const PGLITE_PARSERS = { [INT8]: parseBigint, [TIMESTAMP]: parseTimestamp };

/** The embedded database, or one of its transactions. */
export function pgliteExecutor(db: PGlite | PGliteTransaction): SqlExecutor {
  const run = (text: string, params: readonly unknown[]) => db.query(text, toParams(params), { parsers: PGLITE_PARSERS });
  const executor: SqlExecutor = {
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await run(text, params)).rows as Row[];
    },
    async execute(text, params = []) {
      return (await run(text, params)).affectedRows ?? 0;
    },
    async exec(script) {
      await db.exec(script);
    },
    transaction(work) {
      if (!('transaction' in db)) return work(executor);
      return db.transaction((tx) => work(pgliteExecutor(tx)));
    },
  };
  return executor;
}

/** A PostgreSQL pool: each statement on any connection, a transaction on one connection it holds. */
export function pgPoolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    ...pgStatements(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await pgClientExecutor(client).transaction(work);
      } catch (error) {
        // A connection that could not even roll back is closed rather than returned to the pool.
        if (error instanceof RollbackFailed) broken = error;
        throw error instanceof RollbackFailed ? error.cause : error;
      } finally {
        client.release(broken);
      }
    },
  };
}

/** One PostgreSQL connection; `inTransaction` when it is inside BEGIN already, so work joins it. */
export function pgClientExecutor(client: pg.ClientBase, inTransaction = false): SqlExecutor {
  const executor: SqlExecutor = {
    ...pgStatements(client),
    async transaction(work) {
      if (inTransaction) return work(executor);
      await client.query('BEGIN');
      try {
        const result = await work(pgClientExecutor(client, true));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          throw new RollbackFailed(error);
        });
        throw error;
      }
    },
  };
  return executor;
}

function pgStatements(target: pg.Pool | pg.ClientBase): Omit<SqlExecutor, 'transaction'> {
  const run = (text: string, params: readonly unknown[]) => target.query({ text, values: toParams(params), types: PG_TYPES });
  return {
    async query<Row extends object>(text: string, params: readonly unknown[] = []) {
      return (await run(text, params)).rows as Row[];
    },
    async execute(text, params = []) {
      return (await run(text, params)).rowCount ?? 0;
    },
    async exec(script) {
      await target.query(script);
    },
  };
}

class RollbackFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('ROLLBACK failed');
  }
}
