import { randomUUID } from 'node:crypto';
import { shifts } from '@tillwire/contracts';
import type { SqlExecutor } from '@tillwire/platform';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShiftsRepository } from './db/shifts.repository';

const A = shifts.ShiftsActions;
const repository = new ShiftsRepository();
let node: TestNode;
let sql: SqlExecutor;

const call = <T>(action: string, params: object) => node.broker.call<T, object>(action, params);
const open = (terminalId: string, operatorId = 'ops') =>
  call<shifts.Shift>(A.open, { terminalId, shiftId: randomUUID(), operatorId, openingFloatMinor: 2000 });
const typed = (error: { type?: string; data?: Record<string, unknown> }) => ({ type: error.type, data: error.data });
const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, typed);

/** A gate a test opens when it is done holding a database transaction. */
function gate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

beforeAll(async () => {
  node = await startTestNode(['transactions', 'terminals']);
  sql = node.database.db.sql;
  await sql.execute(
    `INSERT INTO terminals.terminals (id, name, department_code, location_code, vendor, updated_at)
     SELECT id, id, 'GROCERY', 'MAIN', 'simulator', now() FROM unnest($1::varchar[]) AS t(id)`,
    [['S1', 'S2', 'S3', 'S4']],
  );
}, 120_000);
afterAll(() => node?.stop());

describe('cashier shifts over the broker', () => {
  it('opens, reports and closes a shift; refuses a second open and a second close', async () => {
    const shift = await open('S1', 'alice');
    expect(shift).toMatchObject({ terminalId: 'S1', operatorId: 'alice', shiftNumber: 1, status: 'open', openingFloatMinor: 2000 });
    expect(await errorOf(open('S1'))).toEqual({ type: 'invalid_state', data: { reason: 'shift_open', terminalId: 'S1', shiftId: shift.id } });
    expect(await call(A.list, { terminalId: 'S1', status: 'open' })).toEqual({ shifts: [shift] });
    expect(await call(A.report, { terminalId: 'S1', shiftId: shift.id })).toMatchObject({ expectedCashMinor: 2000, transactions: 0, varianceMinor: null });
    expect(await call(A.close, { terminalId: 'S1', shiftId: shift.id, countedCashMinor: 2100 })).toMatchObject({
      status: 'closed',
      expectedCashMinor: 2000,
      countedCashMinor: 2100,
      varianceMinor: 100,
    });
    expect(await errorOf(call(A.close, { terminalId: 'S1', shiftId: shift.id, countedCashMinor: 0 }))).toMatchObject({
      type: 'invalid_state',
      data: { reason: 'shift_closed' },
    });
    expect((await open('S1')).shiftNumber).toBe(2);
    expect(await errorOf(open('NOPE'))).toMatchObject({ type: 'not_found' });
  });

  it('lets exactly one of concurrent opens through', async () => {
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => open('S2', `op-${i}`).then((s) => s.id, typed)));
    const opened = outcomes.filter((o): o is string => typeof o === 'string');
    expect(opened).toHaveLength(1);
    for (const refused of outcomes.filter((o) => typeof o !== 'string')) {
      expect(refused).toEqual({ type: 'invalid_state', data: { reason: 'shift_open', terminalId: 'S2', shiftId: opened[0] } });
    }
  });

  it('waits for a payment that holds the shift, then refuses to close while it is being taken', async () => {
    const shift = await open('S3');
    const transactionId = randomUUID();
    const held = gate();
    const locked = gate();
    // What the completion's first step does: lock the open shift and claim the sale in it, in one transaction.
    const payment = sql.transaction(async (tx) => {
      expect(await repository.lockOpen(tx, 'S3')).toBe(shift.id);
      await tx.execute(
        `INSERT INTO transactions.transactions (id, terminal_id, department_code, status, shift_id, updated_at)
         VALUES ($1, 'S3', 'GROCERY', 'completing', $2, now())`,
        [transactionId, shift.id],
      );
      locked.release();
      await held.opened;
    });
    await locked.opened;
    const closing = errorOf(call(A.close, { terminalId: 'S3', shiftId: shift.id, countedCashMinor: 2000 }));
    expect(await settledWithin(closing, 300)).toBe(false);
    held.release();
    await payment;
    expect(await closing).toEqual({ type: 'invalid_state', data: { reason: 'payments_in_progress', shiftId: shift.id, count: 1 } });

    await sql.execute(`UPDATE transactions.transactions SET status = 'completed' WHERE id = $1`, [transactionId]);
    expect(await call(A.close, { terminalId: 'S3', shiftId: shift.id, countedCashMinor: 2000 })).toMatchObject({ transactions: 1 });
  });

  it('leaves a payment that waited for a closing shift without a shift', async () => {
    const shift = await open('S4');
    const closing = gate();
    const locked = gate();
    const close = sql.transaction(async (tx) => {
      expect(await repository.lockForClose(tx, 'S4', shift.id)).toMatchObject({ status: 'open' });
      locked.release();
      await closing.opened;
      await repository.close(tx, shift.id, {
        countedCashMinor: 0,
        expectedCashMinor: 2000,
        figures: { cashSalesMinor: 0, cashRefundsMinor: 0, changeGivenMinor: 0, cardSalesMinor: 0, pointsSalesMinor: 0, transactions: 0 },
      });
    });
    await locked.opened;
    const payment = sql.transaction((tx) => repository.lockOpen(tx, 'S4'));
    expect(await settledWithin(payment, 300)).toBe(false);
    closing.release();
    await close;
    expect(await payment).toBeUndefined();
  });
});
