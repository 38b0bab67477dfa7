import { describe, expect, it } from 'vitest';
import { serviceIdOf } from './simulated-payment';
import { DeviceLedger, type PayCommand } from './device-ledger';

const pay = (serviceId: string, amountMinor: number, extra: Partial<PayCommand> = {}): PayCommand => ({
  kind: 'pay',
  serviceId,
  transactionId: 'tx-1',
  amountMinor,
  currency: 'EUR',
  ...extra,
});
const refund = (serviceId: string, reference: string, amountMinor: number) =>
  ({ kind: 'refund', serviceId, reference, amountMinor, currency: 'EUR' }) as const;
const reverse = (serviceId: string, ofServiceId: string) =>
  ({ kind: 'reverse', serviceId, ofServiceId, reference: `SIM-${ofServiceId}`, amountMinor: 1000, currency: 'EUR' }) as const;
const APPROVE = { declineAll: false };

describe('DeviceLedger', () => {
  it('answers a repeated payment with its first answer and refuses another one under the same ServiceID', () => {
    const ledger = new DeviceLedger('T1', serviceIdOf);
    expect(ledger.pay(pay('S1', 1000), APPROVE)).toEqual({ kind: 'pay', outcome: 'approved', reference: 'SIM-S1' });
    expect(ledger.pay(pay('S1', 1000), APPROVE)).toEqual({ kind: 'pay', outcome: 'approved', reference: 'SIM-S1' });
    expect(ledger.pay(pay('S1', 999), APPROVE)).toEqual({ kind: 'pay', outcome: 'refused', reference: null, reason: 'service_id_reused' });
    expect(ledger.approvedCount()).toBe(1);
  });

  it('declines a payment arriving after an abort of its ServiceID, and lists only payments that arrived', () => {
    const ledger = new DeviceLedger('T1', serviceIdOf);
    expect(ledger.abort('S1')).toBeUndefined();
    expect(ledger.pay(pay('S1', 1000), APPROVE)).toEqual({ kind: 'pay', outcome: 'declined', reference: null, reason: 'aborted' });
    expect(ledger.payments()).toEqual([]);
    expect(ledger.approvedCount()).toBe(0);
  });

  it('leaves a decided payment alone when asked to abort it', () => {
    const ledger = new DeviceLedger('T1', serviceIdOf);
    ledger.pay(pay('S1', 1000), APPROVE);
    expect(ledger.abort('S1')).toBeUndefined();
    expect(ledger.status('S1')).toMatchObject({ state: 'processed', original: { outcome: 'approved' } });
  });

  it('reverses an approved payment once, and refuses once it is refunded', () => {
    const ledger = new DeviceLedger('T1', serviceIdOf);
    ledger.pay(pay('S1', 1000), APPROVE);
    expect(ledger.reverse(reverse('R1', 'S1'))).toEqual({ kind: 'reverse', outcome: 'reversed', reference: 'SIM-S1' });
    expect(ledger.reverse(reverse('R2', 'S1'))).toEqual({ kind: 'reverse', outcome: 'reversed', reference: 'SIM-S1' });
    expect(ledger.approvedCount()).toBe(0);
    expect(ledger.payments()[0]).toMatchObject({ state: 'reversed' });

    ledger.pay(pay('S2', 1000), APPROVE);
    ledger.refund(refund('F1', 'SIM-S2', 100));
    expect(ledger.reverse(reverse('R3', 'S2'))).toEqual({ kind: 'reverse', outcome: 'refused', reference: null, reason: 'payment_refunded' });
  });

  it('refunds up to the payment, answers a repeated refund ServiceID alike and refuses it with other details', () => {
    const ledger = new DeviceLedger('T1', serviceIdOf);
    ledger.pay(pay('S1', 1000), APPROVE);
    const first = ledger.refund(refund('F1', 'SIM-S1', 600));
    expect(first).toEqual({ kind: 'refund', outcome: 'approved', reference: 'SIMR-F1' });
    expect(ledger.refund(refund('F1', 'SIM-S1', 600))).toEqual(first);
    expect(ledger.refund(refund('F1', 'SIM-S1', 500))).toEqual({ kind: 'refund', outcome: 'refused', reference: null, reason: 'service_id_reused' });
    expect(ledger.refund(refund('F2', 'SIM-S1', 500))).toEqual({ kind: 'refund', outcome: 'declined', reference: null, reason: 'exceeds_payment' });
    expect(ledger.refund(refund('F3', 'VISA-1', 5))).toMatchObject({ outcome: 'declined', reason: 'unknown_reference' });
    expect(ledger.payments()).toEqual([{ serviceId: 'S1', amountMinor: 1000, currency: 'EUR', state: 'approved', refundedMinor: 600 }]);
  });

  it('totals standing payments as debits and approved refunds as credits, grouped as asked', () => {
    const ledger = new DeviceLedger('T1', serviceIdOf);
    ledger.pay(pay('S1', 1000, { operatorId: 'ann', shiftNumber: 1 }), APPROVE);
    ledger.pay(pay('S2', 2000, { operatorId: 'bob', shiftNumber: 1 }), APPROVE);
    ledger.pay(pay('S3', 3051, { operatorId: 'bob', shiftNumber: 1 }), APPROVE);
    ledger.pay(pay('S4', 4000, { operatorId: 'bob', shiftNumber: 2 }), APPROVE);
    ledger.reverse(reverse('R1', 'S4'));
    ledger.refund(refund('F1', 'SIM-S2', 500));

    const totals = (groupBy: ('poi' | 'operator' | 'shift')[]) => ledger.totals({ kind: 'totals', serviceId: 'G1', groupBy });
    expect(totals(['poi'])).toEqual({
      kind: 'totals',
      groups: [{ poiId: 'T1', currency: 'EUR', debitCount: 2, debitMinor: 3000, creditCount: 1, creditMinor: 500 }],
    });
    expect(totals(['operator', 'shift'])).toEqual({
      kind: 'totals',
      groups: [
        { operatorId: 'ann', shiftNumber: 1, currency: 'EUR', debitCount: 1, debitMinor: 1000, creditCount: 0, creditMinor: 0 },
        { operatorId: 'bob', shiftNumber: 1, currency: 'EUR', debitCount: 1, debitMinor: 2000, creditCount: 1, creditMinor: 500 },
      ],
    });
    expect(totals([])).toMatchObject({ groups: [{ currency: 'EUR', debitCount: 2, creditCount: 1 }] });
  });
});
