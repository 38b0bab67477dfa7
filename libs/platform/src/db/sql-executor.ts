import { createHash } from 'node:crypto';
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import pg from 'pg';
import { tracedStatement } from './sql-tracing';

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
  /**
   * Runs `effect` once this executor's writes are committed: at once outside a transaction, after the
   * COMMIT inside one, never if it rolls back (a metric counts only changes that happened).
   */
  afterCommit(effect: () => void): void;
}

/** The effects a transaction runs once it has committed. */
export class CommitEffects {
  private readonly effects: Array<() => void> = [];

  add(effect: () => void): void {
    this.effects.push(effect);
  }

  run(): void {
    for (const effect of this.effects.splice(0)) effect();
  }
}

/** Rows as one array per column, in `columns` order: the parameters of a multi-row write through `unnest($1::…[], …)`. */
export function columnsOf<Row extends object, K extends keyof Row>(rows: readonly Row[], columns: readonly K[]): unknown[][] {
  return columns.map((column) => rows.map((row) => row[column]));
}

const INT8 = 20;
const TIMESTAMP = 1114;

const parseTimestamp = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);
const parseBigint = (text: string) => BigInt(text);

function toParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toParam);
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

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `tw_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

const PGLITE_PARSERS = { [INT8]: parseBigint, [TIMESTAMP]: parseTimestamp };

/** The embedded database, or one of its transactions with the effects awaiting its commit. */
export function pgliteExecutor(db: PGlite | PGliteTransaction, committed?: CommitEffects): SqlExecutor {
  const run = (text: string, params: readonly unknown[]) =>
    tracedStatement(text, () => db.query(text, toParams(params), { parsers: PGLITE_PARSERS }));
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
    async transaction(work) {
      if (!('transaction' in db)) return work(executor);
      const effects = new CommitEffects();
      const result = await db.transaction((tx) => work(pgliteExecutor(tx, effects)));
      effects.run();
      return result;
    },
    afterCommit: (effect) => (committed ? committed.add(effect) : effect()),
  };
  return executor;
}

/** A PostgreSQL pool: each statement on any connection, a transaction on one connection it holds. */
export function pgPoolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    ...pgStatements(pool),
    async transaction(work) {
      const client = await pool.connect();
      const lost = watchConnection(client);
      let broken = false;
      try {
        return await inTransaction(client, work, () => (broken = true));
      } finally {
        lost.stop();
        // A connection that could not even roll back is closed rather than returned to the pool.
        client.release(broken || lost.error !== undefined);
      }
    },
    afterCommit: (effect) => effect(),
  };
}

/**
 * One PostgreSQL connection; with `joined`, the effects of the transaction it is inside already
 * (after BEGIN), so work joins that transaction.
 */
export function pgClientExecutor(client: pg.ClientBase, joined?: CommitEffects): SqlExecutor {
  const executor: SqlExecutor = {
    ...pgStatements(client),
    transaction(work) {
      return joined ? work(executor) : inTransaction(client, work, () => undefined);
    },
    afterCommit: (effect) => (joined ? joined.add(effect) : effect()),
  };
  return executor;
}

/**
 * Keeps an error of a checked-out connection (the server closed it mid-transaction) from becoming
 * an uncaught exception: the pool listens only to idle connections; the statement in flight fails anyway.
 */
export function watchConnection(client: pg.PoolClient): { readonly error: Error | undefined; stop(): void } {
  const watch = { error: undefined as Error | undefined, stop: () => client.off('error', listener) };
  const listener = (error: Error) => (watch.error = error);
  client.on('error', listener);
  return watch;
}

async function inTransaction<T>(client: pg.ClientBase, work: (tx: SqlExecutor) => Promise<T>, onRollbackFailed: () => void): Promise<T> {
  await client.query('BEGIN');
  try {
    const effects = new CommitEffects();
    const result = await work(pgClientExecutor(client, effects));
    await client.query('COMMIT');
    effects.run();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(onRollbackFailed);
    throw error;
  }
}

/**
 * A statement on a connection checked out for it, rather than through `pool.query`: pg keeps the
 * callback that opened a connection reachable for as long as the connection lives, and with
 * `pool.query` that callback holds the whole result of the statement that opened it (a day's rows
 * of the nightly reconciliation: hundreds of MiB kept until the connection closed).
 */
async function onPooledConnection(pool: pg.Pool, statement: pg.QueryConfig): Promise<pg.QueryResult> {
  const client = await pool.connect();
  const lost = watchConnection(client);
  try {
    return await client.query(statement);
  } finally {
    lost.stop();
    client.release(lost.error);
  }
}

/**
 * Every statement runs as a named prepared statement, so each connection parses and plans a text once
 * (the repositories' texts are a fixed set): planning was most of the server's CPU per statement.
 */
function pgStatements(target: pg.Pool | pg.ClientBase): Omit<SqlExecutor, 'transaction' | 'afterCommit'> {
  const run = (text: string, params: readonly unknown[]) => {
    const statement = { name: statementName(text), text, values: toParams(params), types: PG_TYPES };
    return tracedStatement(text, () => (target instanceof pg.Pool ? onPooledConnection(target, statement) : target.query(statement)));
  };
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
