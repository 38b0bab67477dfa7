import { randomUUID } from 'node:crypto';
import type { Db, Prisma } from '../db/database';
import type { StoredError } from './saga';

export type SagaStatus = 'running' | 'compensating' | 'completed' | 'compensated' | 'failed';
type Phase = 'invoke' | 'compensate';

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

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** Saga instances and their step log in the `platform` schema. */
export class SagaRepository {
  /** The new saga, or undefined when one with this name and correlation id exists already. */
  async insert(
    db: Db,
    name: string,
    correlationId: string,
    input: object,
    owner: string,
    leaseUntil: Date,
  ): Promise<SagaRecord | undefined> {
    const id = randomUUID();
    const inserted = await db.sagaInstance.createMany({
      data: [{ id, sagaName: name, correlationId, context: json(input), ownerNodeId: owner, leaseUntil }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return undefined;
    return {
      id,
      name,
      correlationId,
      status: 'running',
      input: input as Record<string, unknown>,
      ownerNodeId: owner,
      leaseUntil,
      version: 0,
      invoked: new Map(),
      compensated: new Set(),
      failedStepId: undefined,
      failure: undefined,
    };
  }

  async find(db: Db, name: string, correlationId: string): Promise<SagaRecord | undefined> {
    const row = await db.sagaInstance.findUnique({
      where: { sagaName_correlationId: { sagaName: name, correlationId } },
      include: { steps: true },
    });
    if (!row) return undefined;
    const invoked = new Map<string, Record<string, unknown>>();
    const compensated = new Set<string>();
    let failure: StoredError | undefined;
    let failedStepId: string | undefined;
    for (const step of row.steps) {
      if (step.phase === 'invoke' && step.status === 'succeeded') invoked.set(step.stepId, (step.output ?? {}) as Record<string, unknown>);
      if (step.phase === 'invoke' && step.status === 'failed') {
        failedStepId = step.stepId;
        failure = step.error as unknown as StoredError;
      }
      if (step.phase === 'compensate' && step.status === 'succeeded') compensated.add(step.stepId);
    }
    return {
      id: row.id,
      name: row.sagaName,
      correlationId: row.correlationId,
      status: row.status,
      input: row.context as Record<string, unknown>,
      ownerNodeId: row.ownerNodeId,
      leaseUntil: row.leaseUntil,
      version: row.version,
      invoked,
      compensated,
      failedStepId,
      failure,
    };
  }

  /** Takes the saga over if its version is unchanged since it was read; false when another node won. */
  async claim(db: Db, saga: SagaRecord, owner: string, leaseUntil: Date): Promise<boolean> {
    const { count } = await db.sagaInstance.updateMany({
      where: { id: saga.id, version: saga.version },
      data: { ownerNodeId: owner, leaseUntil, version: { increment: 1 } },
    });
    return count === 1;
  }

  /** Extends the lease if `owner` still holds it; false once another driver has taken the saga over. */
  async renewLease(db: Db, sagaId: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const { count } = await db.sagaInstance.updateMany({ where: { id: sagaId, ownerNodeId: owner }, data: { leaseUntil } });
    return count === 1;
  }

  /**
   * Logs a step as started and extends the lease, in one statement that only writes while `owner`
   * still holds the saga. False once another driver has taken it over.
   */
  async stepStarted(db: Db, sagaId: string, owner: string, leaseUntil: Date, stepId: string, phase: Phase): Promise<boolean> {
    const rows = await db.$queryRaw<unknown[]>`
      WITH held AS (
        UPDATE platform.saga_instances SET lease_until = ${leaseUntil}, updated_at = now()
         WHERE id = ${sagaId}::uuid AND owner_node_id = ${owner}
         RETURNING id)
      INSERT INTO platform.saga_steps (saga_id, step_id, phase, status, started_at)
      SELECT id, ${stepId}, ${phase}::platform.saga_step_phase, 'started', now() FROM held
      ON CONFLICT (saga_id, step_id, phase)
        DO UPDATE SET status = 'started', started_at = now(), finished_at = NULL
      RETURNING 1`;
    return rows.length === 1;
  }

  async stepSucceeded(db: Db, sagaId: string, stepId: string, phase: Phase, output: object): Promise<void> {
    await db.$executeRaw`
      UPDATE platform.saga_steps SET status = 'succeeded', output = ${JSON.stringify(output)}::jsonb, finished_at = now()
       WHERE saga_id = ${sagaId}::uuid AND step_id = ${stepId} AND phase = ${phase}::platform.saga_step_phase`;
  }

  async stepFailed(db: Db, sagaId: string, stepId: string, phase: Phase, error: StoredError): Promise<void> {
    await db.sagaStep.update({
      where: { sagaId_stepId_phase: { sagaId, stepId, phase } },
      data: { status: 'failed', error: json(error), finishedAt: new Date() },
    });
  }

  async setStatus(db: Db, sagaId: string, status: SagaStatus, leaseUntil: Date | null): Promise<void> {
    await db.sagaInstance.update({ where: { id: sagaId }, data: { status, leaseUntil } });
  }

  /** Unfinished sagas of the given names whose owner stopped renewing its lease. */
  async findStale(db: Db, names: readonly string[], now: Date, limit: number): Promise<Array<{ name: string; correlationId: string }>> {
    const rows = await db.sagaInstance.findMany({
      where: {
        sagaName: { in: [...names] },
        status: { in: ['running', 'compensating'] },
        OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      },
      select: { sagaName: true, correlationId: true },
      orderBy: { updatedAt: 'asc' },
      take: limit,
    });
    return rows.map((row) => ({ name: row.sagaName, correlationId: row.correlationId }));
  }
}
