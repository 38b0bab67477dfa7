import type { SqlExecutor, UnitOfWork } from '@tillwire/platform';
import type { DepartmentsRepository } from '../db/departments.repository';
import type { LedgerRepository } from '../db/ledger.repository';
import type { AllocationRule } from '../domain/allocation';

/** What the departments use cases run with; each takes the part it needs. */
export interface DepartmentsDeps {
  /** The pool, for work that is one statement and needs no transaction. */
  readonly db: SqlExecutor;
  readonly transact: UnitOfWork;
  readonly departments: DepartmentsRepository;
  readonly ledger: LedgerRepository;
  readonly allocationRule: AllocationRule;
  /** STORE_TIME_ZONE: a store day and its hours are this zone's. */
  readonly timeZone: string;
}
