import type { Database, Db } from './database';

/** Runs `work` in one database transaction; use cases get it instead of the client itself. */
export type UnitOfWork = <T>(work: (tx: Db) => Promise<T>) => Promise<T>;

export function unitOfWork(database: Database): UnitOfWork {
  return (work) => database.prisma.$transaction((tx) => work(tx));
}
