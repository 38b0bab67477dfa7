import { randomUUID } from 'node:crypto';
import moleculer from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSaga, SagaInProgressError, SagaLeaseLostError, SagaRunner, type SagaStep } from '../../libs/platform/src/saga/index';
import { createTestDatabase, type TestDatabase } from '../../libs/platform/src/testing/index';
import { waitFor } from '../support/processes';

interface Ctx {
  order: string;
  reservationId?: string;
  paymentId?: string;
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase('tw_saga');
});
afterAll(() => database?.drop());

/** Steps that log what they do, so tests can see order, repeats and what compensations received. */
function recordingSteps(options: { failPay?: boolean; holdPay?: Promise<void>; failRelease?: () => boolean } = {}) {
  const log: string[] = [];
  const reserve: SagaStep<Ctx> = {
    id: 'reserve',
    async invoke(ctx) {
      log.push(`reserve ${ctx.order}`);
      return { reservationId: `R-${ctx.order}` };
    },
    async compensate(created) {
      if (options.failRelease?.()) throw new Error('inventory down');
      log.push(`release ${created.reservationId}`);
    },
  };
  const pay: SagaStep<Ctx> = {
    id: 'pay',
    async invoke(ctx) {
      log.push(`pay ${ctx.reservationId}`);
      await options.holdPay;
      if (options.failPay) {
        throw new moleculer.Errors.MoleculerClientError('Card declined', 422, 'payment_declined', { reason: 'card_declined' });
      }
      return { paymentId: `P-${ctx.order}` };
    },
    async compensate(created) {
      log.push(`reverse ${created.paymentId ?? 'nothing'}`);
    },
  };
  const commit: SagaStep<Ctx> = {
    id: 'commit',
    async invoke(ctx) {
      log.push(`commit ${ctx.paymentId}`);
    },
  };
  return { log, steps: [reserve, pay, commit] };
}

describe('SagaRunner', () => {
  it('runs the steps in order with each output merged into the context, and replays a finished saga', async () => {
    const { log, steps } = recordingSteps();
    const saga = defineSaga<Ctx>('happy', steps);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    const ctx = await runner.run(saga, id, { order: 'o1' });
    expect(ctx).toEqual({ order: 'o1', reservationId: 'R-o1', paymentId: 'P-o1' });
    expect(await runner.run(saga, id, { order: 'o1' })).toEqual(ctx);
    expect(log).toEqual(['reserve o1', 'pay R-o1', 'commit P-o1']);
  });

  it('compensates the finished steps in reverse with what each created, and keeps the error for replays', async () => {
    const { log, steps } = recordingSteps({ failPay: true });
    const saga = defineSaga<Ctx>('declined', steps);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    const first = await runner.run(saga, id, { order: 'o2' }).catch((error: unknown) => error);
    expect(first).toMatchObject({ type: 'payment_declined', code: 422, data: { reason: 'card_declined' } });
    const replay = await runner.run(saga, id, { order: 'o2' }).catch((error: unknown) => error);
    expect(replay).toMatchObject({ type: 'payment_declined', code: 422, data: { reason: 'card_declined' } });
    // The failed step is compensated too, with nothing created.
    expect(log).toEqual(['reserve o2', 'pay R-o2', 'reverse nothing', 'release R-o2']);
  });

  it('refuses a second driver while the first holds the lease, and recovers a saga whose node died', async () => {
    let unblock = () => {};
    const stuck = new Promise<void>((resolve) => (unblock = resolve));
    const crashed = recordingSteps({ holdPay: stuck });
    const saga = defineSaga<Ctx>('recovered', crashed.steps);
    const id = randomUUID();
    // Node a starts the saga, hangs in `pay` and goes away (stops renewing its lease).
    const a = new SagaRunner(database.db.sql, { nodeId: 'a', leaseMs: 300 });
    const dead = a.run(saga, id, { order: 'o3' });
    await waitFor(async () => (crashed.log.includes('pay R-o3') ? true : undefined), 2_000);
    const survivor = recordingSteps();
    const b = new SagaRunner(database.db.sql, { nodeId: 'b' });
    const beforeExpiry = await b.run(defineSaga<Ctx>('recovered', survivor.steps), id, { order: 'o3' }).catch((e: unknown) => e);
    expect(beforeExpiry).toBeInstanceOf(SagaInProgressError);
    // While a lives, its heartbeat keeps the lease however long the step takes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await b.recover([defineSaga<Ctx>('recovered', survivor.steps)])).toBe(0);
    a.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await b.recover([defineSaga<Ctx>('recovered', survivor.steps)])).toBe(1);
    // Node b runs again the steps whose outcome a had not written yet (reserve's was to go with pay's), then finishes.
    expect(survivor.log).toEqual(['reserve o3', 'pay R-o3', 'commit P-o3']);
    expect(await b.run(defineSaga<Ctx>('recovered', survivor.steps), id, { order: 'o3' })).toMatchObject({ paymentId: 'P-o3' });
    // Node a wakes up, finds it lost the saga and stops without running another step.
    unblock();
    await expect(dead).rejects.toBeInstanceOf(SagaLeaseLostError);
    expect(crashed.log).toEqual(['reserve o3', 'pay R-o3']);
  });

  it('leaves a failed compensation to recovery, which completes it', async () => {
    let inventoryDown = true;
    const { log, steps } = recordingSteps({ failPay: true, failRelease: () => inventoryDown });
    const saga = defineSaga<Ctx>('compensation-retry', steps);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    await expect(runner.run(saga, id, { order: 'o4' })).rejects.toMatchObject({ type: 'payment_declined' });
    expect(log).not.toContain('release R-o4');
    inventoryDown = false;
    expect(await runner.recover([saga])).toBe(1);
    expect(log).toContain('release R-o4');
    const [row] = await database.db.sql.query<{ status: string }>('SELECT status FROM platform.saga_instances WHERE correlation_id = $1', [id]);
    expect(row?.status).toBe('compensated');
  });
});

describe('SagaRunner with local steps', () => {
  beforeAll(async () => {
    await database.db.sql.exec('CREATE TABLE public.saga_local_writes (correlation_id TEXT NOT NULL, step_id TEXT NOT NULL)');
  });

  /** A step on the saga's own database: writes a row in its transaction, then may wait or refuse. */
  function writingStep(id: string, options: { refusal?: () => Error | undefined; written?: () => void; hold?: Promise<void> } = {}) {
    const step: SagaStep<Ctx> = {
      id,
      local: true,
      async invoke(ctx, tx) {
        await tx.execute('INSERT INTO public.saga_local_writes (correlation_id, step_id) VALUES ($1, $2)', [ctx.order, id]);
        options.written?.();
        await options.hold;
        const refusal = options.refusal?.();
        if (refusal) throw refusal;
      },
    };
    return step;
  }

  const writes = async (correlationId: string) =>
    (
      await database.db.sql.query<{ step_id: string }>(
        'SELECT step_id FROM public.saga_local_writes WHERE correlation_id = $1 ORDER BY step_id',
        [correlationId],
      )
    ).map((row) => row.step_id);

  const sagaStatus = async (correlationId: string) => {
    const [row] = await database.db.sql.query<{ status: string }>(
      'SELECT status FROM platform.saga_instances WHERE correlation_id = $1',
      [correlationId],
    );
    return row?.status;
  };

  const stepLog = async (correlationId: string) =>
    (
      await database.db.sql.query<{ step_id: string; phase: string; status: string }>(
        `SELECT s.step_id, s.phase, s.status FROM platform.saga_steps s JOIN platform.saga_instances i ON i.id = s.saga_id
          WHERE i.correlation_id = $1 ORDER BY s.id`,
        [correlationId],
      )
    ).map((row) => `${row.phase} ${row.step_id} ${row.status}`);

  const takeOver = (correlationId: string) =>
    database.db.sql.execute("UPDATE platform.saga_instances SET owner_node_id = 'thief/00000000' WHERE correlation_id = $1", [
      correlationId,
    ]);

  it('commits a first local step with the new saga, and replays it without writing again', async () => {
    const { log, steps } = recordingSteps();
    const saga = defineSaga<Ctx>('local-first', [writingStep('open'), ...steps]);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    const ctx = await runner.run(saga, id, { order: id });
    expect(ctx).toEqual({ order: id, reservationId: `R-${id}`, paymentId: `P-${id}` });
    expect(await writes(id)).toEqual(['open']);
    expect(await sagaStatus(id)).toBe('completed');
    expect(await stepLog(id)).toEqual([
      'invoke open succeeded',
      'invoke reserve succeeded',
      'invoke pay succeeded',
      'invoke commit succeeded',
    ]);
    expect(await runner.run(saga, id, { order: id })).toEqual(ctx);
    expect(await writes(id)).toEqual(['open']);
    expect(log).toHaveLength(3);
  });

  it('neither runs nor records a step with nothing to do, and completes when every later step has nothing to do', async () => {
    const { log, steps } = recordingSteps();
    const [reserve, pay, commit] = steps;
    const noPayment = { ...pay!, skip: () => true };
    const nothingToCommit = { ...commit!, skip: () => true };
    const saga = defineSaga<Ctx>('skipping', [writingStep('open'), reserve!, noPayment, nothingToCommit]);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    expect(await runner.run(saga, id, { order: id })).toEqual({ order: id, reservationId: `R-${id}` });
    expect(log).toEqual([`reserve ${id}`]);
    expect(await sagaStatus(id)).toBe('completed');
    expect(await stepLog(id)).toEqual(['invoke open succeeded', 'invoke reserve succeeded']);
  });

  it('leaves nothing behind when a first local step refuses, so the same correlation id later runs afresh', async () => {
    const refusal = new moleculer.Errors.MoleculerClientError('Till is closed', 409, 'till_closed');
    let refusing = true;
    const { log, steps } = recordingSteps();
    const saga = defineSaga<Ctx>('local-first-refused', [writingStep('open', { refusal: () => (refusing ? refusal : undefined) }), ...steps]);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    await expect(runner.run(saga, id, { order: id })).rejects.toBe(refusal);
    expect(await writes(id)).toEqual([]);
    expect(await sagaStatus(id)).toBeUndefined();
    expect(log).toEqual([]);

    refusing = false;
    expect(await runner.run(saga, id, { order: id })).toMatchObject({ paymentId: `P-${id}` });
    expect(await writes(id)).toEqual(['open']);
    expect(await sagaStatus(id)).toBe('completed');
    expect(await stepLog(id)).toContain('invoke open succeeded');
  });

  it('rolls back a local step in the middle that refuses, and compensates the remote steps before it in reverse', async () => {
    const refusal = new Error('ledger refused');
    const { log, steps } = recordingSteps();
    const saga = defineSaga<Ctx>('local-middle-refused', [...steps.slice(0, 2), writingStep('post', { refusal: () => refusal })]);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    await expect(runner.run(saga, id, { order: id })).rejects.toBe(refusal);
    expect(await writes(id)).toEqual([]);
    expect(log).toEqual([`reserve ${id}`, `pay R-${id}`, `reverse P-${id}`, `release R-${id}`]);
    expect(await sagaStatus(id)).toBe('compensated');
    expect(await stepLog(id)).toEqual([
      'invoke reserve succeeded',
      'invoke pay succeeded',
      'invoke post failed',
      'compensate pay succeeded',
      'compensate reserve succeeded',
    ]);
    await expect(runner.run(saga, id, { order: id })).rejects.toThrow('ledger refused');
  });

  it('stops a driver that lost the lease while a remote step was in flight, before its local step writes', async () => {
    let unblock = () => {};
    const { log, steps } = recordingSteps({ holdPay: new Promise<void>((resolve) => (unblock = resolve)) });
    const saga = defineSaga<Ctx>('local-lease-lost', [...steps.slice(0, 2), writingStep('post')]);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    const driving = runner.run(saga, id, { order: id });
    await waitFor(async () => (log.includes(`pay R-${id}`) ? true : undefined), 2_000);
    expect(await takeOver(id)).toBe(1);
    unblock();
    await expect(driving).rejects.toBeInstanceOf(SagaLeaseLostError);
    expect(await writes(id)).toEqual([]);
    // The remote steps' outcomes were to be written with the local step, so none is.
    expect(await stepLog(id)).toEqual([]);
  });

  it('rolls back the writes of a local step whose driver lost the lease while it ran', async () => {
    let unblock = () => {};
    let written = () => {};
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const hold = new Promise<void>((resolve) => (unblock = resolve));
    const { steps } = recordingSteps();
    const saga = defineSaga<Ctx>('local-lease-lost-in-step', [...steps.slice(0, 1), writingStep('post', { written, hold })]);
    const runner = new SagaRunner(database.db.sql, { nodeId: 'a' });
    const id = randomUUID();
    const driving = runner.run(saga, id, { order: id });
    await wrote;
    expect(await takeOver(id)).toBe(1);
    unblock();
    await expect(driving).rejects.toBeInstanceOf(SagaLeaseLostError);
    expect(await writes(id)).toEqual([]);
    expect(await stepLog(id)).toEqual([]);
  });
});
