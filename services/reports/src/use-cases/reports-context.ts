import type { SqlExecutor, UnitOfWork } from '@tillwire/platform';
import type { ProjectionsRepository } from '../db/projections.repository';
import type { ReconciliationsRepository } from '../db/reconciliations.repository';
import type { SummariesRepository } from '../db/summaries.repository';
import type { SummaryCache } from '../domain/summary-cache';

/** What every reports use case receives first; each uses the part it needs. */
export interface ReportsContext {
  /** The pool, for reads that are one statement and need no transaction. */
  readonly db: SqlExecutor;
  readonly transact: UnitOfWork;
  readonly projections: ProjectionsRepository;
  readonly summaries: SummariesRepository;
  readonly reconciliations: ReconciliationsRepository;
  /** Default thresholds (RECONCILIATION_WARN_BP, RECONCILIATION_FAIL_BP). */
  readonly reconciliation: { readonly warnThresholdBp: number; readonly failThresholdBp: number };
  readonly cache: SummaryCache;
  /** STORE_TIME_ZONE: a business date is a calendar day of this zone. */
  readonly timeZone: string;
  /** STORE_CURRENCY: what a day or shift without sales is reported in. */
  readonly currency: string;
  /** A broker call to another service (its day aggregates, a shift's drawer figures). */
  call<Result>(action: string, params: object, options?: { timeout?: number }): Promise<Result>;
  broadcast(event: string, payload: object): Promise<void>;
  readonly now: () => Date;
}
