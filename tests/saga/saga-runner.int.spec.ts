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
    const runner = new SagaRunner(database.db.prisma, { nodeId: 'a' });
    const id = randomUUID();
    const ctx = await runner.run(saga, id, { order: 'o1' });
    expect(ctx).toEqual({ order: 'o1', reservationId: 'R-o1', paymentId: 'P-o1' });
    expect(await runner.run(saga, id, { order: 'o1' })).toEqual(ctx);
    expect(log).toEqual(['reserve o1', 'pay R-o1', 'commit P-o1']);
  });

  it('compensates the finished steps in reverse with what each created, and keeps the error for replays', async () => {
    const { log, steps } = recordingSteps({ failPay: true });
    const saga = defineSaga<Ctx>('declined', steps);
    const runner = new SagaRunner(database.db.prisma, { nodeId: 'a' });
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
    const a = new SagaRunner(database.db.prisma, { nodeId: 'a', leaseMs: 300 });
    const dead = a.run(saga, id, { order: 'o3' });
    await waitFor(async () => (crashed.log.includes('pay R-o3') ? true : undefined), 2_000);
    const survivor = recordingSteps();
    const b = new SagaRunner(database.db.prisma, { nodeId: 'b' });
    const beforeExpiry = await b.run(defineSaga<Ctx>('recovered', survivor.steps), id, { order: 'o3' }).catch((e: unknown) => e);
    expect(beforeExpiry).toBeInstanceOf(SagaInProgressError);
    // While a lives, its heartbeat keeps the lease however long the step takes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await b.recover([defineSaga<Ctx>('recovered', survivor.steps)])).toBe(0);
    a.stop();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await b.recover([defineSaga<Ctx>('recovered', survivor.steps)])).toBe(1);
    // Node b repeats only the step that was in flight, then finishes.
    expect(survivor.log).toEqual(['pay R-o3', 'commit P-o3']);
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
    const runner = new SagaRunner(database.db.prisma, { nodeId: 'a' });
    const id = randomUUID();
    await expect(runner.run(saga, id, { order: 'o4' })).rejects.toMatchObject({ type: 'payment_declined' });
    expect(log).not.toContain('release R-o4');
    inventoryDown = false;
    expect(await runner.recover([saga])).toBe(1);
    expect(log).toContain('release R-o4');
    const row = await database.db.prisma.sagaInstance.findFirstOrThrow({ where: { correlationId: id } });
    expect(row.status).toBe('compensated');
  });
});
