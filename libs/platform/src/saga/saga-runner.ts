import { randomUUID } from 'node:crypto';
import moleculer from 'moleculer';
import type { SqlExecutor } from '../db/sql-executor';
import type { SagaDefinition, SagaStep, StoredError } from './saga';
import { SagaRepository, type SagaRecord } from './saga.repository';

// Sagas of different context types recovered together; each is driven with its own steps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySaga = SagaDefinition<any>;

/** Raised to a caller whose saga another node is still driving. */
export class SagaInProgressError extends Error {
  constructor(readonly sagaName: string, readonly correlationId: string) {
    super(`Saga ${sagaName} ${correlationId} is in progress on another node`);
    this.name = 'SagaInProgressError';
  }
}

/** Raised inside a driver that lost its saga to another node (its lease ran out); it stops at once. */
export class SagaLeaseLostError extends Error {
  constructor(readonly sagaName: string, readonly correlationId: string) {
    super(`Saga ${sagaName} ${correlationId} was taken over by another node`);
    this.name = 'SagaLeaseLostError';
  }
}

export interface SagaRunnerOptions {
  nodeId: string;
  /** How long a saga stays owned after its driver last renewed (every third of it); then recovery takes it over. */
  leaseMs?: number;
  onCompensationFailed?(saga: string, correlationId: string, error: unknown): void;
}

/**
 * Drives sagas with every step's outcome persisted. A caller's `run` either returns the final
 * context or, after compensating in reverse, throws the error that stopped the saga; a saga whose
 * node died is finished by `recover` on any node, which runs again the step that was in flight
 * (steps are idempotent) or compensates.
 *
 * One fenced write per step: recording a step's outcome also renews the lease, so a driver learns it
 * lost the saga before it starts the next step. A local step commits with its record; a saga that
 * starts with one is created in that same transaction, and a refusal there leaves nothing behind.
 */
export class SagaRunner {
  private readonly repository = new SagaRepository();
  private readonly leaseMs: number;
  private readonly heartbeats = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: SqlExecutor,
    private readonly options: SagaRunnerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 10_000;
  }

  /** Runs (or, for a correlation id seen before, resumes or replays) a saga to its end. */
  async run<Ctx extends object>(saga: SagaDefinition<Ctx>, correlationId: string, input: Ctx): Promise<Ctx> {
    const owner = this.newOwner();
    const [first] = saga.steps;
    const created = first?.local && !first.skip?.(input)
      ? await this.db.transaction(async (tx) => {
          const record = await this.repository.insert(tx, saga.name, correlationId, input, owner, this.leaseUntil());
          if (record) await this.invokeLocal(tx, saga, record, owner, first, input);
          return record;
        })
      : await this.repository.insert(this.db, saga.name, correlationId, input, owner, this.leaseUntil());
    return created ? this.drive(saga, created, owner) : this.continue(saga, correlationId);
  }

  /** Resumes or replays a saga that was started before, with its stored input. */
  resume<Ctx extends object>(saga: SagaDefinition<Ctx>, correlationId: string): Promise<Ctx> {
    return this.continue(saga, correlationId);
  }

  async exists(saga: AnySaga, correlationId: string): Promise<boolean> {
    return (await this.repository.find(this.db, saga.name, correlationId)) !== undefined;
  }

  /** Replays a finished saga, or takes over one whose driver stopped renewing its lease. */
  private async continue<Ctx extends object>(saga: SagaDefinition<Ctx>, correlationId: string): Promise<Ctx> {
    const record = await this.load(saga, correlationId);
    if (record.status === 'completed') return contextOf(saga, record);
    if (record.status === 'compensated' || record.status === 'failed') throw revive(record.failure);
    const stale = !record.leaseUntil || record.leaseUntil.getTime() < Date.now();
    const taker = this.newOwner();
    if (!stale || !(await this.repository.claim(this.db, record, taker, this.leaseUntil()))) {
      throw new SagaInProgressError(saga.name, correlationId);
    }
    return this.drive(saga, record, taker);
  }

  /** Finishes sagas whose node stopped renewing its lease. Returns how many it took over. */
  async recover(sagas: readonly AnySaga[], limit = 50): Promise<number> {
    const byName = new Map(sagas.map((saga) => [saga.name, saga as SagaDefinition<object>]));
    const stale = await this.repository.findStale(this.db, [...byName.keys()], new Date(), limit);
    let taken = 0;
    for (const { name, correlationId } of stale) {
      const saga = byName.get(name)!;
      const record = await this.load(saga, correlationId);
      const owner = this.newOwner();
      if (!(await this.repository.claim(this.db, record, owner, this.leaseUntil()))) continue;
      taken += 1;
      // Failures are already recorded in the saga; recovery only needs it to converge.
      await this.drive(saga, record, owner).catch(() => undefined);
    }
    return taken;
  }

  /** Drives the saga while renewing its lease in the background, so a long step (a PIN entry) keeps it. */
  private async drive<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord, owner: string): Promise<Ctx> {
    const heartbeat = setInterval(() => {
      this.repository.renewLease(this.db, record.id, owner, this.leaseUntil()).catch(() => undefined);
    }, this.leaseMs / 3);
    heartbeat.unref();
    this.heartbeats.add(heartbeat);
    try {
      return await this.driveSteps(saga, record, owner);
    } finally {
      clearInterval(heartbeat);
      this.heartbeats.delete(heartbeat);
    }
  }

  /** Stops renewing leases, as a node that shuts down must: its unfinished sagas pass to the other nodes. */
  stop(): void {
    for (const heartbeat of this.heartbeats) clearInterval(heartbeat);
    this.heartbeats.clear();
  }

  private async driveSteps<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord, owner: string): Promise<Ctx> {
    // A saga whose one step to run was its first, local one completed when it was created.
    if (record.status === 'completed') return contextOf(saga, record);
    let failure: unknown = record.status === 'compensating' ? revive(record.failure) : undefined;
    if (record.status === 'running') {
      for (const step of saga.steps) {
        const ctx = contextOf(saga, record);
        if (record.invoked.has(step.id) || step.skip?.(ctx)) continue;
        try {
          if (step.local) {
            await this.db.transaction((tx) => this.invokeLocal(tx, saga, record, owner, step, ctx));
          } else {
            const created = (await step.invoke(ctx)) ?? {};
            await this.recordInvoked(this.db, saga, record, owner, step, ctx, created);
          }
        } catch (error) {
          if (error instanceof SagaLeaseLostError) throw error;
          const stored = { status: 'failed' as const, error: store(error) };
          await this.record(this.db, record, owner, step.id, 'invoke', stored, { status: 'compensating', leaseUntil: this.leaseUntil() });
          record.failedStepId = step.id;
          failure = error;
          break;
        }
      }
      if (failure === undefined) {
        // A saga with nothing left to run after its last record (every later step skipped) completes here.
        if (!isCompleted(record) && !(await this.repository.setStatus(this.db, record.id, owner, 'completed', null))) {
          throw new SagaLeaseLostError(record.name, record.correlationId);
        }
        return contextOf(saga, record);
      }
    }
    await this.compensate(saga, record, owner);
    throw failure;
  }

  /** Runs a local step in `tx` and records it there, so both commit or neither does. */
  private async invokeLocal<Ctx extends object>(
    tx: SqlExecutor,
    saga: SagaDefinition<Ctx>,
    record: SagaRecord,
    owner: string,
    step: SagaStep<Ctx> & { local: true },
    ctx: Ctx,
  ): Promise<void> {
    const created = (await step.invoke(ctx, tx)) ?? {};
    await this.recordInvoked(tx, saga, record, owner, step, ctx, created);
  }

  /** Records a step's output; the last one to run completes the saga and releases it. */
  private async recordInvoked<Ctx extends object>(
    sql: SqlExecutor,
    saga: SagaDefinition<Ctx>,
    record: SagaRecord,
    owner: string,
    step: SagaStep<Ctx>,
    ctx: Ctx,
    created: object,
  ): Promise<void> {
    const after = { ...ctx, ...created };
    const last = saga.steps.slice(saga.steps.indexOf(step) + 1).every((later) => later.skip?.(after));
    const next = last ? { status: 'completed' as const, leaseUntil: null } : { status: 'running' as const, leaseUntil: this.leaseUntil() };
    await this.record(sql, record, owner, step.id, 'invoke', { status: 'succeeded', output: created }, next);
    record.invoked.set(step.id, created as Record<string, unknown>);
    if (last) record.status = 'completed';
  }

  private async compensate<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord, owner: string): Promise<void> {
    const ctx = contextOf(saga, record);
    const compensating = () => ({ status: 'compensating' as const, leaseUntil: this.leaseUntil() });
    for (const step of [...saga.steps].reverse()) {
      const created = record.invoked.get(step.id) ?? (step.id === record.failedStepId ? {} : undefined);
      if (!created || !step.compensate || record.compensated.has(step.id)) continue;
      await this.record(this.db, record, owner, step.id, 'compensate', { status: 'started' }, compensating());
      try {
        await step.compensate(created as Partial<Ctx>, ctx);
      } catch (error) {
        // Give the saga up for recovery at once instead of holding it for a whole lease.
        const given = { status: 'compensating' as const, leaseUntil: new Date(0) };
        await this.record(this.db, record, owner, step.id, 'compensate', { status: 'failed', error: store(error) }, given);
        this.options.onCompensationFailed?.(saga.name, record.correlationId, error);
        return;
      }
      await this.record(this.db, record, owner, step.id, 'compensate', { status: 'succeeded', output: {} }, compensating());
      record.compensated.add(step.id);
    }
    if (!(await this.repository.setStatus(this.db, record.id, owner, 'compensated', null))) {
      throw new SagaLeaseLostError(record.name, record.correlationId);
    }
  }

  /** One fenced write of a step's outcome and the saga's status; a driver that lost the saga stops here. */
  private async record(
    sql: SqlExecutor,
    record: SagaRecord,
    owner: string,
    stepId: string,
    phase: 'invoke' | 'compensate',
    outcome: { status: 'started' | 'succeeded' | 'failed'; output?: object; error?: StoredError },
    saga: { status: SagaRecord['status']; leaseUntil: Date | null },
  ): Promise<void> {
    if (!(await this.repository.recordStep(sql, { sagaId: record.id, owner, stepId, phase }, outcome, saga))) {
      throw new SagaLeaseLostError(record.name, record.correlationId);
    }
  }

  /** A token per driver, so even two drivers on one node never both think they own a saga. */
  private newOwner(): string {
    return `${this.options.nodeId}/${randomUUID().slice(0, 8)}`;
  }

  private async load(saga: AnySaga, correlationId: string): Promise<SagaRecord> {
    const record = await this.repository.find(this.db, saga.name, correlationId);
    if (!record) throw new Error(`Saga ${saga.name} ${correlationId} vanished`);
    return record;
  }

  private leaseUntil(): Date {
    return new Date(Date.now() + this.leaseMs);
  }
}

/** Read through a function: the status changes behind TypeScript's narrowing, in the step records. */
const isCompleted = (record: SagaRecord) => record.status === 'completed';

/** The input with every succeeded step's output merged in, in step order. */
function contextOf<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord): Ctx {
  let ctx = { ...record.input } as Ctx;
  for (const step of saga.steps) {
    const created = record.invoked.get(step.id);
    if (created) ctx = { ...ctx, ...created };
  }
  return ctx;
}

function store(error: unknown): StoredError {
  const e = (error ?? {}) as Partial<StoredError>;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : String(error),
    ...(typeof e.type === 'string' ? { type: e.type } : {}),
    ...(typeof e.code === 'number' ? { code: e.code } : {}),
    ...(e.data !== undefined ? { data: e.data } : {}),
  };
}

/** The stored failure in the form callers check over the broker (`type` = domain code). */
function revive(stored: StoredError | undefined): Error {
  if (!stored) return new Error('Saga failed without a recorded error');
  if (stored.type) return new moleculer.Errors.MoleculerClientError(stored.message, stored.code ?? 500, stored.type, stored.data);
  return Object.assign(new Error(stored.message), { name: stored.name });
}
