import type { Database } from './database';
import type { SqlExecutor } from './sql-executor';

/** Runs `work` in one database transaction; use cases get it instead of the database itself. */
export type UnitOfWork = <T>(work: (tx: SqlExecutor) => Promise<T>) => Promise<T>;

export function unitOfWork(database: Database): UnitOfWork {
  return (work) => database.sql.transaction(work);
}
