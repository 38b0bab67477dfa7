import { describe, expect, it } from 'vitest';
import type { TerminalCommand } from '../adapters/vendor-adapter';
import { respond, settle, type Behaviour } from './device-behaviour';
import { serviceIdOf } from './simulated-payment';
import { DeviceLedger } from './device-ledger';

const pay = (serviceId: string, amountMinor = 1000): TerminalCommand => ({
  kind: 'pay',
  serviceId,
  transactionId: 'tx-1',
  amountMinor,
  currency: 'EUR',
});
const status = (ofServiceId: string): TerminalCommand => ({ kind: 'status', serviceId: `Q${ofServiceId}`, ofServiceId });
const abort = (ofServiceId: string): TerminalCommand => ({ kind: 'abort', serviceId: `A${ofServiceId}`, ofServiceId, reason: 'cashier' });
const approved = { kind: 'pay', outcome: 'approved', reference: 'SIM-S1' } as const;

function terminal(behaviour: Behaviour) {
  const ledger = new DeviceLedger('T1', serviceIdOf);
  return { ledger, send: (command: TerminalCommand) => respond(ledger, behaviour, command, 2_000) };
}

describe('device behaviours', () => {
  it('approve: answers at once by the simulator rules, declining amounts ending in 51', () => {
    const { ledger, send } = terminal('approve');
    expect(send(pay('S1'))).toEqual({ type: 'answer', command: pay('S1'), reply: approved });
    expect(send(pay('S2', 1051))).toMatchObject({ reply: { outcome: 'declined', reason: 'card_declined' } });
    expect(ledger.payments().map((p) => p.state)).toEqual(['approved', 'declined']);
    expect(ledger.approvedCount()).toBe(1);
  });

  it('decline: declines every payment, and says so again to a repeat', () => {
    const { ledger, send } = terminal('decline');
    const declined = { kind: 'pay', outcome: 'declined', reference: null, reason: 'card_declined' };
    expect(send(pay('S1'))).toMatchObject({ type: 'answer', reply: declined });
    expect(send(pay('S1'))).toMatchObject({ type: 'answer', reply: declined });
    expect(ledger.approvedCount()).toBe(0);
  });

  it('timeout: never sees the payment, so status says not_found and an abort keeps it from ever being charged', () => {
    const { ledger, send } = terminal('timeout');
    expect(send(pay('S1'))).toEqual({ type: 'silent' });
    expect(send(status('S1'))).toMatchObject({ reply: { kind: 'status', state: 'not_found' } });
    expect(ledger.payments()).toEqual([]);
    expect(send(abort('S1'))).toEqual({ type: 'silent' });
    expect(send(status('S1'))).toMatchObject({
      reply: { state: 'processed', original: { outcome: 'declined', reference: null, reason: 'aborted' } },
    });
  });

  it('drop-response: approves without answering; status answers processed with the reply it dropped', () => {
    const { ledger, send } = terminal('drop-response');
    expect(send(pay('S1'))).toEqual({ type: 'silent' });
    expect(send(pay('S1'))).toEqual({ type: 'silent' });
    expect(ledger.approvedCount()).toBe(1);
    expect(send(status('S1'))).toMatchObject({ reply: { kind: 'status', state: 'processed', original: approved } });
  });

  it('disconnect-mid-payment: approves, then hangs up instead of answering; status tells afterwards', () => {
    const { ledger, send } = terminal('disconnect-mid-payment');
    expect(send(pay('S1'))).toEqual({ type: 'hang-up' });
    expect(ledger.payments()).toEqual([{ serviceId: 'S1', amountMinor: 1000, currency: 'EUR', state: 'approved', refundedMinor: 0 }]);
    expect(send(status('S1'))).toMatchObject({ reply: { state: 'processed', original: approved } });
  });

  it('slow: keeps the payment in progress until it settles, a repeat meanwhile waits for the same answer', () => {
    const { ledger, send } = terminal('slow');
    expect(send(pay('S1'))).toEqual({ type: 'later', serviceId: 'S1', afterMs: 2_000 });
    expect(send(pay('S1'))).toEqual({ type: 'silent' });
    expect(send(status('S1'))).toMatchObject({ reply: { kind: 'status', state: 'in_progress' } });
    expect(ledger.payments()).toEqual([]);
    expect(settle(ledger, 'S1')).toEqual({ type: 'answer', command: pay('S1'), reply: approved });
    expect(settle(ledger, 'S1')).toEqual({ type: 'silent' });
    expect(send(status('S1'))).toMatchObject({ reply: { state: 'processed', original: approved } });
  });

  it('slow: an abort stops the payment in progress and is answered by it, declined as aborted', () => {
    const { ledger, send } = terminal('slow');
    send(pay('S1'));
    expect(send(abort('S1'))).toEqual({
      type: 'answer',
      command: pay('S1'),
      reply: { kind: 'pay', outcome: 'declined', reference: null, reason: 'aborted' },
    });
    expect(settle(ledger, 'S1')).toEqual({ type: 'silent' });
    expect(ledger.payments()).toEqual([{ serviceId: 'S1', amountMinor: 1000, currency: 'EUR', state: 'aborted', refundedMinor: 0 }]);
    expect(send({ kind: 'reverse', serviceId: 'R1', ofServiceId: 'S1', reference: '', amountMinor: 1000, currency: 'EUR' })).toMatchObject({
      reply: { kind: 'reverse', outcome: 'not_found' },
    });
  });

  it('slow: refuses to reverse a payment still in progress', () => {
    const { send } = terminal('slow');
    send(pay('S1'));
    expect(send({ kind: 'reverse', serviceId: 'R1', ofServiceId: 'S1', reference: '', amountMinor: 1000, currency: 'EUR' })).toMatchObject({
      reply: { kind: 'reverse', outcome: 'refused', reason: 'payment_in_progress' },
    });
  });

  it.each(['approve', 'timeout', 'slow'] as const)('%s: answers login and print, and nothing to an abort that stops nothing', (behaviour) => {
    const { send } = terminal(behaviour);
    expect(send({ kind: 'login', serviceId: 'L1' })).toMatchObject({ reply: { kind: 'login', ok: true } });
    expect(send({ kind: 'print', serviceId: 'P1', document: 'customer_receipt', lines: ['Thank you'] })).toMatchObject({
      reply: { kind: 'print', outcome: 'printed' },
    });
    expect(send(abort('S9'))).toEqual({ type: 'silent' });
  });
});
