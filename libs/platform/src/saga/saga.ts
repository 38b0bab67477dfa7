import type { SqlExecutor } from '../db/sql-executor';

/**
 * A saga is an ordered list of steps, each exporting its action and its compensation side by side.
 * Context is plain JSON: the input and each step's output are persisted so another node can resume the saga.
 */
interface StepBase<Ctx extends object> {
  readonly id: string;
  /** True when the step has nothing to do in this saga (no card among the payments): it is neither run nor recorded. */
  skip?(ctx: Readonly<Ctx>): boolean;
  /**
   * Undoes the step from what its invoke returned; returns early when there is nothing to undo.
   * The step that failed is compensated too, with nothing created, so it can undo partial work it
   * recorded itself (a split payment whose second card was declined).
   */
  compensate?(created: Partial<Ctx>, ctx: Readonly<Ctx>): Promise<void>;
}

/** A step that calls another service. Must be idempotent: after a crash it may run again. */
export interface RemoteStep<Ctx extends object> extends StepBase<Ctx> {
  readonly local?: false;
  /** Runs the step and returns what it created, which is merged into the context and is all its compensation receives. */
  invoke(ctx: Readonly<Ctx>): Promise<Partial<Ctx> | void>;
}

/**
 * A step on the saga's own database: it runs in the transaction that also records it as done, so
 * its writes and its record commit together, exactly once.
 */
export interface LocalStep<Ctx extends object> extends StepBase<Ctx> {
  readonly local: true;
  invoke(ctx: Readonly<Ctx>, tx: SqlExecutor): Promise<Partial<Ctx> | void>;
}

export type SagaStep<Ctx extends object> = RemoteStep<Ctx> | LocalStep<Ctx>;

export interface SagaDefinition<Ctx extends object> {
  readonly name: string;
  readonly steps: readonly SagaStep<Ctx>[];
}

export function defineSaga<Ctx extends object>(name: string, steps: readonly SagaStep<Ctx>[]): SagaDefinition<Ctx> {
  const ids = steps.map((step) => step.id);
  if (new Set(ids).size !== ids.length) throw new Error(`Saga ${name} has duplicate step ids: ${ids.join(', ')}`);
  return { name, steps };
}

/** What is kept of a step's error so a replay or a recovered saga can report it the same way. */
export interface StoredError {
  name: string;
  message: string;
  /** Domain error code (Moleculer `type`). */
  type?: string;
  /** HTTP-ish status (Moleculer `code`). */
  code?: number;
  data?: unknown;
}
