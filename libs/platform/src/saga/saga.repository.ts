import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '../db/sql-executor';
import type { StoredError } from './saga';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';
type Phase = 'invoke' | 'compensate';

/** What became of one step, as the step log keeps it. */
export interface StepOutcome {
  stepId: string;
  phase: Phase;
  status: 'started' | 'succeeded' | 'failed';
  output?: object;
  error?: StoredError;
  /** When the driver ran it; written with a later batch, its record would otherwise carry the batch's time. */
  startedAt?: Date;
  finishedAt?: Date;
}

export interface SagaRecord {
  id: string;
  name: string;
  correlationId: string;
  status: SagaStatus;
  /** The saga's input; step outputs are kept with their steps. */
  input: Record<string, unknown>;
  ownerNodeId: string | null;
  leaseUntil: Date | null;
  version: number;
  /** Outputs of the invokes that succeeded, by step id. */
  invoked: Map<string, Record<string, unknown>>;
  compensated: Set<string>;
  /** The step whose error started compensation, and that error. */
  failedStepId: string | undefined;
  failure: StoredError | undefined;
}

interface InstanceRow {
  id: string;
  status: SagaStatus;
  context: Record<string, unknown>;
  owner_node_id: string | null;
  lease_until: Date | null;
  version: number;
  steps: Array<{ step_id: string; phase: Phase; status: 'started' | 'succeeded' | 'failed'; output: unknown; error: unknown }> | null;
}

/**
 * Saga instances and their step log in the `platform` schema. Every write that moves a saga on is
 * fenced on its owner, so a driver that lost its lease writes nothing and learns so.
 */
export class SagaRepository {
  /**
   * The new saga, or undefined when one with this name and correlation id exists already. With
   * `first`, the outcome of its first step is recorded in the same statement, with the saga's status after it.
   */
  async insert(
    sql: SqlExecutor,
    saga: { name: string; correlationId: string; input: object; owner: string; leaseUntil: Date | null },
    first?: { outcome: StepOutcome; status: SagaStatus },
  ): Promise<SagaRecord | undefined> {
    const { name, correlationId, input, owner, leaseUntil } = saga;
    const id = randomUUID();
    const outcomes = first ? [first.outcome] : [];
    const [row] = await sql.query<{ inserted: bigint }>(
      `WITH created AS (
         INSERT INTO platform.saga_instances (id, saga_name, correlation_id, status, context, owner_node_id, lease_until, updated_at)
         VALUES ($1, $2, $3, $4::platform.saga_status, $5, $6, $7, clock_timestamp())
         ON CONFLICT (saga_name, correlation_id) DO NOTHING
         RETURNING id),
       recorded AS (${RECORD_FIRST_STEP})
       SELECT count(*) AS inserted FROM created`,
      [id, name, correlationId, first?.status ?? 'running', JSON.stringify(input), owner, leaseUntil, ...outcomeColumns(outcomes)],
    );
    if (row?.inserted !== 1n) return undefined;
    return {
      id,
      name,
      correlationId,
      status: first?.status ?? 'running',
      input: input as Record<string, unknown>,
      ownerNodeId: owner,
      leaseUntil,
      version: 0,
      invoked: new Map(first ? [[first.outcome.stepId, (first.outcome.output ?? {}) as Record<string, unknown>]] : []),
      compensated: new Set(),
      failedStepId: undefined,
      failure: undefined,
    };
  }

  async find(sql: SqlExecutor, name: string, correlationId: string): Promise<SagaRecord | undefined> {
    const [row] = await sql.query<InstanceRow>(
      `SELECT i.id, i.status, i.context, i.owner_node_id, i.lease_until, i.version,
              (SELECT json_agg(json_build_object('step_id', s.step_id, 'phase', s.phase, 'status', s.status,
                                                 'output', s.output, 'error', s.error) ORDER BY s.id)
                 FROM platform.saga_steps s WHERE s.saga_id = i.id) AS steps
         FROM platform.saga_instances i
        WHERE i.saga_name = $1 AND i.correlation_id = $2`,
      [name, correlationId],
    );
    if (!row) return undefined;
    const invoked = new Map<string, Record<string, unknown>>();
    const compensated = new Set<string>();
    let failure: StoredError | undefined;
    let failedStepId: string | undefined;
    for (const step of row.steps ?? []) {
      if (step.phase === 'invoke' && step.status === 'succeeded') invoked.set(step.step_id, (step.output ?? {}) as Record<string, unknown>);
      if (step.phase === 'invoke' && step.status === 'failed') {
        failedStepId = step.step_id;
        failure = step.error as StoredError;
      }
      if (step.phase === 'compensate' && step.status === 'succeeded') compensated.add(step.step_id);
    }
    return {
      id: row.id,
      name,
      correlationId,
      status: row.status,
      input: row.context,
      ownerNodeId: row.owner_node_id,
      leaseUntil: row.lease_until,
      version: row.version,
      invoked,
      compensated,
      failedStepId,
      failure,
    };
  }

  /** Takes the saga over if its version is unchanged since it was read; false when another node won. */
  async claim(sql: SqlExecutor, saga: SagaRecord, owner: string, leaseUntil: Date): Promise<boolean> {
    const claimed = await sql.execute(
      `UPDATE platform.saga_instances SET owner_node_id = $3, lease_until = $4, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2`,
      [saga.id, saga.version, owner, leaseUntil],
    );
    return claimed === 1;
  }

  /** Extends the lease if `owner` still holds it; false once another driver has taken the saga over. */
  async renewLease(sql: SqlExecutor, sagaId: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const renewed = await sql.execute(
      'UPDATE platform.saga_instances SET lease_until = $3 WHERE id = $1 AND owner_node_id = $2',
      [sagaId, owner, leaseUntil],
    );
    return renewed === 1;
  }

  /**
   * Records step outcomes, renews or releases the lease and sets the saga's status, in one statement
   * that only writes while `owner` still holds the saga. False once another driver has taken it over.
   * `leaseUntil` null releases the saga (it is finished, or given up for recovery). Times not given
   * are the wall clock of the write, not of its transaction's start.
   */
  async recordSteps(
    sql: SqlExecutor,
    sagaId: string,
    owner: string,
    outcomes: readonly StepOutcome[],
    saga: { status: SagaStatus; leaseUntil: Date | null },
  ): Promise<boolean> {
    const [row] = await sql.query<{ held: bigint }>(
      `WITH held AS (
         UPDATE platform.saga_instances
            SET status = $3::platform.saga_status, lease_until = $4, updated_at = clock_timestamp()
          WHERE id = $1 AND owner_node_id = $2
          RETURNING id),
       recorded AS (${RECORD_STEPS})
       SELECT count(*) AS held FROM held`,
      [sagaId, owner, saga.status, saga.leaseUntil, ...outcomeColumns(outcomes)],
    );
    return row?.held === 1n;
  }

  /** Unfinished sagas of the given names whose owner stopped renewing its lease. */
  async findStale(sql: SqlExecutor, names: readonly string[], now: Date, limit: number): Promise<Array<{ name: string; correlationId: string }>> {
    return sql.query<{ name: string; correlationId: string }>(
      `SELECT saga_name AS name, correlation_id AS "correlationId" FROM platform.saga_instances
        WHERE saga_name = ANY($1::varchar[]) AND status IN ('running', 'compensating')
          AND (lease_until IS NULL OR lease_until < $2)
        ORDER BY updated_at
        LIMIT $3`,
      [[...names], now, limit],
    );
  }
}

/**
 * The INSERT of step outcomes for the saga that CTE `saga` returns, from seven array parameters
 * starting at `$first` (see outcomeColumns). Times not given are the wall clock of the write.
 */
function insertOutcomes(saga: string, first: number): string {
  const p = (offset: number) => `$${first + offset}`;
  return `
    INSERT INTO platform.saga_steps (saga_id, step_id, phase, status, output, error, started_at, finished_at)
    SELECT ${saga}.id, o.step_id, o.phase::platform.saga_step_phase, o.status::platform.saga_step_status, o.output, o.error,
           coalesce(o.started_at, clock_timestamp()),
           CASE WHEN o.status <> 'started' THEN coalesce(o.finished_at, clock_timestamp()) END
      FROM ${saga},
           unnest(${p(0)}::varchar[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::jsonb[], ${p(4)}::jsonb[], ${p(5)}::timestamptz[],
                  ${p(6)}::timestamptz[]) AS o(step_id, phase, status, output, error, started_at, finished_at)
    ON CONFLICT (saga_id, step_id, phase) DO UPDATE
      SET status = EXCLUDED.status, output = EXCLUDED.output, error = EXCLUDED.error,
          started_at = CASE WHEN EXCLUDED.status = 'started' THEN EXCLUDED.started_at ELSE platform.saga_steps.started_at END,
          finished_at = EXCLUDED.finished_at`;
}

const RECORD_FIRST_STEP = insertOutcomes('created', 8);
const RECORD_STEPS = insertOutcomes('held', 5);

function outcomeColumns(outcomes: readonly StepOutcome[]): unknown[][] {
  return [
    outcomes.map((o) => o.stepId),
    outcomes.map((o) => o.phase),
    outcomes.map((o) => o.status),
    outcomes.map((o) => (o.output === undefined ? null : JSON.stringify(o.output))),
    outcomes.map((o) => (o.error === undefined ? null : JSON.stringify(o.error))),
    outcomes.map((o) => o.startedAt ?? null),
    outcomes.map((o) => o.finishedAt ?? null),
  ];
}
