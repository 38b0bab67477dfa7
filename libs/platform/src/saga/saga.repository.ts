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
  async insert(db: Db, name: string, correlationId: string, input: object, owner: string, leaseUntil: Date): Promise<boolean> {
    const inserted = await db.sagaInstance.createMany({
      data: [{ sagaName: name, correlationId, context: json(input), ownerNodeId: owner, leaseUntil }],
      skipDuplicates: true,
    });
    return inserted.count === 1;
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

  async stepStarted(db: Db, sagaId: string, stepId: string, phase: Phase): Promise<void> {
    await db.sagaStep.upsert({
      where: { sagaId_stepId_phase: { sagaId, stepId, phase } },
      create: { sagaId, stepId, phase, status: 'started' },
      update: { status: 'started', startedAt: new Date(), finishedAt: null },
    });
  }

  async stepSucceeded(db: Db, sagaId: string, stepId: string, phase: Phase, output: object): Promise<void> {
    await db.sagaStep.update({
      where: { sagaId_stepId_phase: { sagaId, stepId, phase } },
      data: { status: 'succeeded', output: json(output), finishedAt: new Date() },
    });
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
