import { randomUUID } from 'node:crypto';
import moleculer from 'moleculer';
import type { SqlExecutor } from '../db/sql-executor';
import type { SagaDefinition, SagaStep, StoredError } from './saga';
import { SagaRepository, type SagaRecord, type SagaStatus, type StepOutcome } from './saga.repository';
import { countSagaCompensation } from '../telemetry/platform-metrics';

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
 * node died is finished by `recover` on any node, which runs again the steps whose outcome it does
 * not find (steps are idempotent) or compensates.
 *
 * Writes are few and fenced. Every write that moves a saga on renews its lease and only lands while
 * the driver still owns the saga. A local step commits in one transaction with its own record; a
 * saga that starts with one is created in that transaction, and a refusal there leaves nothing
 * behind. A remote step's outcome is written with the saga's next write, so the stored steps are
 * always a prefix of what happened: before a remote step runs, a driver whose last fenced write is
 * older than half a lease writes first, so it never calls another service on a lease it may have
 * lost (takers wait out the whole lease; node clocks must agree to within half a lease).
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
    const hold = this.newHold();
    const [first] = saga.steps;
    const instance = { name: saga.name, correlationId, input, owner: hold.owner, leaseUntil: this.leaseUntil() };
    const record =
      first?.local && !first.skip?.(input)
        ? await this.createWithLocalStep(saga, instance, first)
        : await this.repository.insert(this.db, instance);
    return record ? this.drive(saga, record, hold) : this.continue(saga, correlationId);
  }

  /**
   * Runs the first, local step and creates the saga with its record in one transaction; undefined
   * (and the step's writes rolled back) when the saga existed already.
   */
  private async createWithLocalStep<Ctx extends object>(
    saga: SagaDefinition<Ctx>,
    instance: { name: string; correlationId: string; input: Ctx; owner: string; leaseUntil: Date },
    first: SagaStep<Ctx> & { local: true },
  ): Promise<SagaRecord | undefined> {
    try {
      return await this.db.transaction(async (tx) => {
        const startedAt = new Date();
        const created = (await first.invoke(instance.input, tx)) ?? {};
        const last = isLast(saga, first, { ...instance.input, ...created });
        const status = last ? ('completed' as const) : ('running' as const);
        const record = await this.repository.insert(tx, { ...instance, leaseUntil: last ? null : instance.leaseUntil }, {
          outcome: succeeded(first.id, created, startedAt),
          status,
        });
        if (!record) throw new AlreadyStarted();
        return record;
      });
    } catch (error) {
      if (error instanceof AlreadyStarted) return undefined;
      throw error;
    }
  }

  /** Replays a finished saga, or takes over one whose driver stopped renewing its lease. */
  private async continue<Ctx extends object>(saga: SagaDefinition<Ctx>, correlationId: string): Promise<Ctx> {
    const record = await this.load(saga, correlationId);
    if (record.status === 'completed') return contextOf(saga, record);
    if (record.status === 'compensated' || record.status === 'failed') throw revive(record.failure);
    const stale = !record.leaseUntil || record.leaseUntil.getTime() < Date.now();
    const hold = this.newHold();
    if (!stale || !(await this.repository.claim(this.db, record, hold.owner, this.leaseUntil()))) {
      throw new SagaInProgressError(saga.name, correlationId);
    }
    return this.drive(saga, record, hold);
  }

  /** Finishes sagas whose node stopped renewing its lease. Returns how many it took over. */
  async recover(sagas: readonly AnySaga[], limit = 50): Promise<number> {
    const byName = new Map(sagas.map((saga) => [saga.name, saga as SagaDefinition<object>]));
    const stale = await this.repository.findStale(this.db, [...byName.keys()], new Date(), limit);
    let taken = 0;
    for (const { name, correlationId } of stale) {
      const saga = byName.get(name)!;
      const record = await this.load(saga, correlationId);
      const hold = this.newHold();
      if (!(await this.repository.claim(this.db, record, hold.owner, this.leaseUntil()))) continue;
      taken += 1;
      // Failures are already recorded in the saga; recovery only needs it to converge.
      await this.drive(saga, record, hold).catch(() => undefined);
    }
    return taken;
  }

  /** Drives the saga while renewing its lease in the background, so a long step (a PIN entry) keeps it. */
  private async drive<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord, hold: Hold): Promise<Ctx> {
    const heartbeat = setInterval(() => {
      const at = Date.now();
      this.repository
        .renewLease(this.db, record.id, hold.owner, this.leaseUntil())
        .then((held) => (held ? (hold.fencedAt = Math.max(hold.fencedAt, at)) : (hold.lost = true)))
        .catch(() => undefined);
    }, this.leaseMs / 3);
    heartbeat.unref();
    this.heartbeats.add(heartbeat);
    try {
      return await this.driveSteps(saga, record, hold);
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

  private async driveSteps<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord, hold: Hold): Promise<Ctx> {
    // A saga whose one step to run was its first, local one completed when it was created.
    if (record.status === 'completed') return contextOf(saga, record);
    let failure: unknown = record.status === 'compensating' ? revive(record.failure) : undefined;
    if (record.status === 'running') {
      for (const step of saga.steps) {
        const ctx = contextOf(saga, record);
        if (record.invoked.has(step.id) || step.skip?.(ctx)) continue;
        try {
          if (step.local) {
            committed(record, hold, await this.db.transaction((tx) => this.invokeLocal(tx, saga, record, hold, step, ctx)));
          } else {
            if (!this.fresh(hold)) await this.write(this.db, record, hold, [], 'running');
            const startedAt = new Date();
            const created = (await step.invoke(ctx)) ?? {};
            const outcome = succeeded(step.id, created, startedAt);
            if (isLast(saga, step, { ...ctx, ...created })) await this.write(this.db, record, hold, [outcome], 'completed');
            else hold.pending.push(outcome);
            record.invoked.set(step.id, created as Record<string, unknown>);
          }
        } catch (error) {
          if (error instanceof SagaLeaseLostError) throw error;
          await this.write(this.db, record, hold, [{ stepId: step.id, phase: 'invoke', status: 'failed', error: store(error) }], 'compensating');
          record.failedStepId = step.id;
          failure = error;
          break;
        }
      }
      if (failure === undefined) {
        // Every step after the last one that ran was skipped: nothing recorded the end yet.
        if (!isCompleted(record)) await this.write(this.db, record, hold, [], 'completed');
        return contextOf(saga, record);
      }
    }
    await this.compensate(saga, record, hold);
    throw failure;
  }

  /**
   * Runs a local step in `tx` and records it (with the outcomes not written yet) there: both commit
   * or neither does. What it returns takes effect in memory once `tx` has committed.
   */
  private async invokeLocal<Ctx extends object>(
    tx: SqlExecutor,
    saga: SagaDefinition<Ctx>,
    record: SagaRecord,
    hold: Hold,
    step: SagaStep<Ctx> & { local: true },
    ctx: Ctx,
  ): Promise<LocalRun> {
    const startedAt = new Date();
    const created = (await step.invoke(ctx, tx)) ?? {};
    const status = isLast(saga, step, { ...ctx, ...created }) ? 'completed' : 'running';
    await this.write(tx, record, hold, [succeeded(step.id, created, startedAt)], status);
    return { stepId: step.id, created, status };
  }

  private async compensate<Ctx extends object>(saga: SagaDefinition<Ctx>, record: SagaRecord, hold: Hold): Promise<void> {
    const ctx = contextOf(saga, record);
    for (const step of [...saga.steps].reverse()) {
      const created = record.invoked.get(step.id) ?? (step.id === record.failedStepId ? {} : undefined);
      if (!created || !step.compensate || record.compensated.has(step.id)) continue;
      await this.write(this.db, record, hold, [{ stepId: step.id, phase: 'compensate', status: 'started' }], 'compensating');
      try {
        await step.compensate(created as Partial<Ctx>, ctx);
      } catch (error) {
        // Give the saga up for recovery at once instead of holding it for a whole lease.
        const failed: StepOutcome = { stepId: step.id, phase: 'compensate', status: 'failed', error: store(error) };
        await this.write(this.db, record, hold, [failed], 'compensating', new Date(0));
        this.options.onCompensationFailed?.(saga.name, record.correlationId, error);
        countSagaCompensation(saga.name, 'compensation_failed');
        return;
      }
      await this.write(this.db, record, hold, [{ stepId: step.id, phase: 'compensate', status: 'succeeded', output: {} }], 'compensating');
      record.compensated.add(step.id);
    }
    await this.write(this.db, record, hold, [], 'compensated');
    countSagaCompensation(saga.name, 'compensated');
  }

  /**
   * One fenced write of the outcomes not written yet, `outcomes` and the saga's status; it renews
   * the lease, or releases the saga when it is finished. A driver that lost the saga stops here.
   */
  private async write(
    sql: SqlExecutor,
    record: SagaRecord,
    hold: Hold,
    outcomes: readonly StepOutcome[],
    status: SagaStatus,
    leaseUntil: Date | null = status === 'completed' || status === 'compensated' ? null : this.leaseUntil(),
  ): Promise<void> {
    const at = Date.now();
    if (!(await this.repository.recordSteps(sql, record.id, hold.owner, [...hold.pending, ...outcomes], { status, leaseUntil }))) {
      hold.lost = true;
      throw new SagaLeaseLostError(record.name, record.correlationId);
    }
    hold.fencedAt = at;
    // Inside a transaction, `committed` applies this once it has committed.
    if (sql !== this.db) return;
    hold.pending = [];
    record.status = status;
  }

  /** Whether the lease is surely still this driver's without asking the database. */
  private fresh(hold: Hold): boolean {
    return !hold.lost && Date.now() - hold.fencedAt < this.leaseMs / 2;
  }

  /** A token per driver, so even two drivers on one node never both think they own a saga. */
  private newHold(): Hold {
    return { owner: `${this.options.nodeId}/${randomUUID().slice(0, 8)}`, fencedAt: Date.now(), lost: false, pending: [] };
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

/** Rolls back a first step whose saga another call had created already. */
class AlreadyStarted extends Error {}

/** One driver's hold on a saga: its owner token, when a fenced write last confirmed it, and the outcomes it has yet to write. */
interface Hold {
  readonly owner: string;
  fencedAt: number;
  lost: boolean;
  pending: StepOutcome[];
}

/** A local step that ran and was recorded in a transaction, and the saga's status after it. */
interface LocalRun {
  stepId: string;
  created: object;
  status: SagaStatus;
}

/** Applies a committed local step to the driver's view: its output, the saga's status, nothing left to write. */
function committed(record: SagaRecord, hold: Hold, run: LocalRun): void {
  record.invoked.set(run.stepId, run.created as Record<string, unknown>);
  record.status = run.status;
  hold.pending = [];
}

const succeeded = (stepId: string, output: object, startedAt: Date): StepOutcome => ({
  stepId,
  phase: 'invoke',
  status: 'succeeded',
  output,
  startedAt,
  finishedAt: new Date(),
});

/** Whether no step after `step` has anything to do. */
function isLast<Ctx extends object>(saga: SagaDefinition<Ctx>, step: SagaStep<Ctx>, after: Ctx): boolean {
  return saga.steps.slice(saga.steps.indexOf(step) + 1).every((later) => later.skip?.(after));
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
