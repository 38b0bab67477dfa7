import { randomUUID } from 'node:crypto';
import { departments, terminals } from '@tillwire/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';

const { TerminalsActions: T } = terminals;

describe('simulated card payments over the broker', () => {
  let node: TestNode;
  const payment = (serviceId: string, amountMinor = 1250) => ({
    terminalId: 'T1',
    transactionId: randomUUID(),
    paymentId: randomUUID(),
    serviceId,
    amountMinor,
    currency: 'EUR',
  });

  beforeAll(async () => {
    // Terminals need an existing department and stock location.
    node = await startTestNode(['departments', 'inventory', 'terminals']);
    await node.database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
    await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
    await node.broker.call(T.create, { id: 'T1', name: 'Till', departmentCode: 'GROCERY', vendor: 'simulator' });
    await node.broker.call(T.create, { id: 'T2', name: 'Nexo till', departmentCode: 'GROCERY', vendor: 'nexo' });
  });
  afterAll(async () => node?.stop());

  describe('pay', () => {
    it('approves with reference SIM-<serviceId>, on simulator and nexo terminals alike', async () => {
      expect(await node.broker.call(T.pay, payment('A1'))).toEqual({ outcome: 'approved', reference: 'SIM-A1' });
      expect(await node.broker.call(T.pay, { ...payment('A1'), terminalId: 'T2' })).toEqual({
        outcome: 'approved',
        reference: 'SIM-A1',
      });
    });

    it('declines amounts ending in 51 as a typed answer, not an error', async () => {
      expect(await node.broker.call(T.pay, payment('D1', 1051))).toEqual({
        outcome: 'declined',
        reference: null,
        reason: 'card_declined',
      });
    });

    it('answers a repeated ServiceID with the first result, also when repeats race', async () => {
      const approved = payment('I1');
      const declined = payment('I2', 2051);
      const answers = await Promise.all([approved, approved, approved, declined, declined].map((p) => node.broker.call(T.pay, p)));
      expect(answers).toEqual([
        ...Array(3).fill({ outcome: 'approved', reference: 'SIM-I1' }),
        ...Array(2).fill({ outcome: 'declined', reference: null, reason: 'card_declined' }),
      ]);
      expect(await node.broker.call(T.pay, approved)).toEqual(answers[0]);
    });

    it('refuses a ServiceID reused for another payment', async () => {
      const first = payment('R1');
      await node.broker.call(T.pay, first);
      await expect(node.broker.call(T.pay, { ...first, amountMinor: 999 })).rejects.toMatchObject({
        type: 'invalid_state',
        data: { terminalId: 'T1', serviceId: 'R1' },
      });
      await expect(node.broker.call(T.pay, { ...first, paymentId: randomUUID() })).rejects.toMatchObject({
        type: 'invalid_state',
      });
    });

    it('answers not_found for an unknown terminal and validation_failed for bad parameters', async () => {
      await expect(node.broker.call(T.pay, { ...payment('N1'), terminalId: 'T404' })).rejects.toMatchObject({
        type: 'not_found',
        code: 404,
      });
      for (const bad of [{ amountMinor: 0 }, { serviceId: 'ELEVEN-CHARS' }, { currency: 'EURO' }, { paymentId: 'x' }]) {
        await expect(node.broker.call(T.pay, { ...payment('V1'), ...bad })).rejects.toMatchObject({
          type: 'validation_failed',
          code: 400,
        });
      }
    });
  });

  describe('reverse', () => {
    it('reverses an approved payment, idempotently', async () => {
      const paid = payment('V2');
      await node.broker.call(T.pay, paid);
      const reverse = { terminalId: 'T1', paymentId: paid.paymentId, serviceId: 'V2' };
      expect(await node.broker.call(T.reverse, reverse)).toEqual({ outcome: 'reversed', reference: 'SIM-V2' });
      expect(await node.broker.call(T.reverse, reverse)).toEqual({ outcome: 'reversed', reference: 'SIM-V2' });
    });

    it('answers not_found when there is nothing to undo, and a late payment under that ServiceID is never charged', async () => {
      const late = payment('V3');
      expect(
        await node.broker.call(T.reverse, { terminalId: 'T1', paymentId: late.paymentId, serviceId: 'V3' }),
      ).toEqual({ outcome: 'not_found', reference: null });
      expect(await node.broker.call(T.pay, late)).toEqual({ outcome: 'declined', reference: null, reason: 'aborted' });
      const declined = payment('V4', 51);
      await node.broker.call(T.pay, declined);
      expect(
        await node.broker.call(T.reverse, { terminalId: 'T1', paymentId: declined.paymentId, serviceId: 'V4' }),
      ).toEqual({ outcome: 'not_found', reference: null });
    });
  });

  describe('refund', () => {
    it('refunds an approved payment by its reference, idempotently by refundId, never beyond the payment', async () => {
      const paid = payment('F1', 3000);
      const { reference } = await node.broker.call<{ reference: string }, object>(T.pay, paid);
      const refund = { terminalId: 'T1', paymentId: paid.paymentId, refundId: randomUUID(), reference, amountMinor: 2000, currency: 'EUR' };
      const first = await node.broker.call(T.refund, refund);
      expect(first).toEqual({ outcome: 'approved', reference: `SIMR-${refund.refundId}` });
      expect(await node.broker.call(T.refund, refund)).toEqual(first);
      expect(await node.broker.call(T.refund, { ...refund, refundId: randomUUID(), amountMinor: 1001 })).toEqual({
        outcome: 'declined',
        reference: null,
        reason: 'exceeds_payment',
      });
      await expect(node.broker.call(T.refund, { ...refund, amountMinor: 5 })).rejects.toMatchObject({
        type: 'invalid_state',
        data: { refundId: refund.refundId },
      });
    });

    it('declines a reference the simulator did not issue', async () => {
      expect(
        await node.broker.call(T.refund, {
          terminalId: 'T1',
          paymentId: randomUUID(),
          refundId: randomUUID(),
          reference: 'ADYEN-8815',
          amountMinor: 100,
          currency: 'EUR',
        }),
      ).toEqual({ outcome: 'declined', reference: null, reason: 'unknown_reference' });
    });
  });
});
