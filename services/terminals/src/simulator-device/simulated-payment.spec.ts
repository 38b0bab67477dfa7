import { describe, expect, it } from 'vitest';
import {
  decidePayment,
  decideRefund,
  decideReversal,
  serviceIdOf,
  simulatedAuthorisation,
  type SimulatedPayment,
} from './simulated-payment';

const pay = { terminalId: 'T1', transactionId: 't', paymentId: 'p1', serviceId: 'S1', amountMinor: 1000, currency: 'EUR' };
const approved = (): SimulatedPayment => decidePayment(undefined, pay).record!;

describe('simulatedAuthorisation', () => {
  it('approves with reference SIM-<serviceId>, declining only amounts whose minor units end in 51', () => {
    expect(simulatedAuthorisation('S1', 1000)).toEqual({ outcome: 'approved', reference: 'SIM-S1' });
    expect(simulatedAuthorisation('S1', 1050)).toEqual({ outcome: 'approved', reference: 'SIM-S1' });
    expect(simulatedAuthorisation('S1', 5100)).toEqual({ outcome: 'approved', reference: 'SIM-S1' });
    for (const amount of [51, 1051, 99951]) {
      expect(simulatedAuthorisation('S1', amount)).toEqual({ outcome: 'declined', reference: null, reason: 'card_declined' });
    }
  });

  it('reads the ServiceID back from its own references only', () => {
    expect(serviceIdOf('SIM-S1')).toBe('S1');
    expect(serviceIdOf('SIMR-5f7c')).toBeUndefined();
    expect(serviceIdOf('ADYEN-123')).toBeUndefined();
  });
});

describe('decidePayment', () => {
  it('answers a repeat with the first result and refuses another request under the same ServiceID', () => {
    const first = approved();
    expect(decidePayment(first, pay)).toEqual({ ok: true, result: first.result });
    expect(decidePayment(first, { ...pay, amountMinor: 999 })).toEqual({ ok: false, code: 'service_id_reused' });
    expect(decidePayment(first, { ...pay, paymentId: 'p2' })).toEqual({ ok: false, code: 'service_id_reused' });
  });
});

describe('decideReversal', () => {
  const reverse = { terminalId: 'T1', paymentId: 'p1', serviceId: 'S1' };

  it('reverses an approved payment once and keeps answering reversed', () => {
    const decision = decideReversal(approved(), reverse);
    expect(decision).toMatchObject({ ok: true, result: { outcome: 'reversed', reference: 'SIM-S1' } });
    expect(decideReversal(decision.record, reverse)).toEqual({
      ok: true,
      result: { outcome: 'reversed', reference: 'SIM-S1' },
    });
  });

  it('answers not_found for a ServiceID it never saw, and then declines a late payment under it', () => {
    const decision = decideReversal(undefined, reverse);
    expect(decision).toMatchObject({ ok: true, result: { outcome: 'not_found', reference: null } });
    expect(decidePayment(decision.record, pay)).toEqual({
      ok: true,
      result: { outcome: 'declined', reference: null, reason: 'aborted' },
    });
  });

  it('answers not_found for a declined payment and refuses a refunded one', () => {
    const declined = decidePayment(undefined, { ...pay, amountMinor: 1051 }).record!;
    expect(decideReversal(declined, reverse)).toMatchObject({ result: { outcome: 'not_found' } });
    expect(decideReversal({ ...approved(), refundedMinor: 1 }, reverse)).toEqual({ ok: false, code: 'payment_refunded' });
  });
});

describe('decideRefund', () => {
  const refund = { terminalId: 'T1', paymentId: 'p1', refundId: 'r1', reference: 'SIM-S1', amountMinor: 400, currency: 'EUR' };

  it('approves refunds of an approved payment up to its amount', () => {
    const first = decideRefund(approved(), refund);
    expect(first.result).toEqual({ outcome: 'approved', reference: 'SIMR-r1' });
    expect(decideRefund(first.record, { ...refund, refundId: 'r2', amountMinor: 600 }).result.outcome).toBe('approved');
    expect(decideRefund(first.record, { ...refund, refundId: 'r2', amountMinor: 601 }).result).toEqual({
      outcome: 'declined',
      reference: null,
      reason: 'exceeds_payment',
    });
  });

  it('declines unknown references, reversed payments and another currency', () => {
    expect(decideRefund(undefined, { ...refund, reference: 'X-1' }).result).toMatchObject({ reason: 'unknown_reference' });
    const reversed = decideReversal(approved(), { terminalId: 'T1', paymentId: 'p1', serviceId: 'S1' }).record;
    expect(decideRefund(reversed, refund).result).toMatchObject({ reason: 'payment_reversed' });
    expect(decideRefund(approved(), { ...refund, currency: 'USD' }).result).toMatchObject({ reason: 'currency_mismatch' });
  });

  it('honours its own reference when it no longer remembers the payment', () => {
    expect(decideRefund(undefined, refund).result).toEqual({ outcome: 'approved', reference: 'SIMR-r1' });
  });
});
