import { describe, expect, it } from 'vitest';
import { respond, settle, type Behaviour, type Handling } from '../simulator-device/device-behaviour';
import { DeviceLedger } from '../simulator-device/device-ledger';
import { VENDOR_DEVICES, type VendorDevice } from '../simulator-device/vendor-devices';
import { nexoAdapter } from './nexo/nexo.adapter';
import { simulatorAdapter } from './simulator/simulator.adapter';
import type { DeviceEvent, Inbound, TerminalCommand, VendorAdapter } from './vendor-adapter';

/**
 * Every vendor's adapter and device codec, run through the simulated terminal in memory: whatever
 * the protocol, the gateway must read back the same replies and events. References are each
 * vendor's own, so the gateway reverses and refunds with the one it was given.
 */
const VENDORS: readonly { adapter: VendorAdapter; device: VendorDevice; notifiesPrinted: boolean }[] = [
  { adapter: simulatorAdapter, device: VENDOR_DEVICES.simulator, notifiesPrinted: true },
  // nexo reports a printed document by its PrintResponse only.
  { adapter: nexoAdapter, device: VENDOR_DEVICES.nexo, notifiesPrinted: false },
];

const session = { terminalId: 'T1', saleId: 'TILLWIRE' };
const now = new Date('2025-06-01T10:00:00.000Z');
const pay = (serviceId: string, amountMinor: number, extra: object = {}): TerminalCommand => ({
  kind: 'pay',
  serviceId,
  transactionId: '3f0c1c9e-4a51-4d7e-9a55-0f6f2c8f4b10',
  amountMinor,
  currency: 'EUR',
  ...extra,
});
const status = (serviceId: string, ofServiceId: string): TerminalCommand => ({ kind: 'status', serviceId, ofServiceId });
const abort = (serviceId: string, ofServiceId: string): TerminalCommand => ({ kind: 'abort', serviceId, ofServiceId, reason: 'cashier' });
const refund = (serviceId: string, reference: string, amountMinor: number): TerminalCommand => ({
  kind: 'refund',
  serviceId,
  reference,
  amountMinor,
  currency: 'EUR',
});
const reverse = (serviceId: string, ofServiceId: string, reference: string): TerminalCommand => ({
  kind: 'reverse',
  serviceId,
  ofServiceId,
  reference,
  amountMinor: 1000,
  currency: 'EUR',
});
const approved = { kind: 'pay', outcome: 'approved', reference: expect.any(String) };
const reply = (serviceId: string, body: object) => [{ type: 'reply', serviceId, reply: body }];
/** The reference of the approved payment the gateway read. */
const referenceOf = ([inbound]: Inbound[]): string => {
  if (inbound?.type !== 'reply' || inbound.reply.kind !== 'pay' || inbound.reply.reference === null) throw new Error('no approved payment');
  return inbound.reply.reference;
};

describe.each(VENDORS)('$adapter.vendor adapter and device', ({ adapter, device: { codec, paymentOf }, notifiesPrinted }) => {
  /** A simulated terminal behind the device codec; `send` answers what the gateway reads back, in order. */
  function terminal(behaviour: Behaviour = 'approve') {
    const ledger = new DeviceLedger(session.terminalId, paymentOf);
    const answered = (handling: Handling): Inbound[] =>
      handling.type === 'answer' ? [adapter.decode(codec.encodeReply(handling.command, handling.reply, session, now), session)] : [];
    return {
      ledger,
      send(command: TerminalCommand): Inbound[] {
        const received = codec.decode(adapter.encode(command, session, now), session);
        if (received.type === 'invalid') throw new Error(`the device cannot read ${command.kind}: ${received.reason}`);
        expect(received.command).toEqual(command);
        return answered(respond(ledger, behaviour, received.command, 1_000));
      },
      settle: (serviceId: string) => answered(settle(ledger, serviceId)),
    };
  }

  it('logs in', () => {
    expect(terminal().send({ kind: 'login', serviceId: 'L1' })).toEqual(reply('L1', { kind: 'login', ok: true }));
  });

  it('pays: approved, or declined for amounts ending in 51; a decline behaviour declines all', () => {
    const { send } = terminal();
    expect(send(pay('S1', 1000))).toEqual(reply('S1', approved));
    expect(send(pay('S2', 1051))).toEqual(reply('S2', { kind: 'pay', outcome: 'declined', reference: null, reason: 'card_declined' }));
    expect(terminal('decline').send(pay('S3', 1000))).toMatchObject(reply('S3', { outcome: 'declined', reason: 'card_declined' }));
  });

  it('carries the operator and shift of a payment into grouped totals', () => {
    const { send } = terminal();
    send(pay('S1', 1000, { operatorId: 'ann', shiftNumber: 3 }));
    expect(send({ kind: 'totals', serviceId: 'G1', groupBy: ['poi', 'operator', 'shift'] })).toEqual(
      reply('G1', {
        kind: 'totals',
        groups: [{ poiId: 'T1', operatorId: 'ann', shiftNumber: 3, currency: 'EUR', debitCount: 1, debitMinor: 1000, creditCount: 0, creditMinor: 0 }],
      }),
    );
  });

  it('tells the status of a payment: not found, in progress, processed with its original reply', () => {
    const slow = terminal('slow');
    expect(slow.send(status('Q1', 'S1'))).toEqual(reply('Q1', { kind: 'status', state: 'not_found' }));
    expect(slow.send(pay('S1', 1000))).toEqual([]);
    expect(slow.send(status('Q2', 'S1'))).toEqual(reply('Q2', { kind: 'status', state: 'in_progress' }));
    const settled = slow.settle('S1');
    expect(settled).toEqual(reply('S1', approved));
    const original = { ...approved, reference: referenceOf(settled) };
    expect(slow.send(status('Q3', 'S1'))).toEqual(reply('Q3', { kind: 'status', state: 'processed', original }));

    const dropping = terminal('drop-response');
    expect(dropping.send(pay('S2', 1051))).toEqual([]);
    expect(dropping.send(status('Q4', 'S2'))).toEqual(
      reply('Q4', { kind: 'status', state: 'processed', original: { kind: 'pay', outcome: 'declined', reference: null, reason: 'card_declined' } }),
    );
  });

  it('aborts: no reply to the abort itself; the payment it stops, or that arrives after it, is declined as aborted', () => {
    expect(adapter.expectsReply('abort')).toBe(false);
    const aborted = { kind: 'pay', outcome: 'declined', reference: null, reason: 'aborted' };
    const { send, ledger } = terminal();
    expect(send(abort('A1', 'S1'))).toEqual([]);
    expect(send(pay('S1', 1000))).toEqual(reply('S1', aborted));

    const slow = terminal('slow');
    slow.send(pay('S2', 1000));
    expect(slow.send(abort('A2', 'S2'))).toEqual(reply('S2', aborted));
    expect(ledger.approvedCount() + slow.ledger.approvedCount()).toBe(0);
  });

  it('reverses an approved payment, and answers not_found for one it never saw', () => {
    const { send, ledger } = terminal();
    const reference = referenceOf(send(pay('S1', 1000)));
    expect(send(reverse('R1', 'S1', reference))).toEqual(reply('R1', { kind: 'reverse', outcome: 'reversed', reference: expect.any(String) }));
    expect(ledger.payments()).toMatchObject([{ serviceId: 'S1', state: 'reversed' }]);

    const elsewhere = referenceOf(terminal().send(pay('S9', 1000)));
    const unaware = terminal('timeout');
    unaware.send(pay('S9', 1000));
    expect(unaware.send(reverse('R2', 'S9', elsewhere))).toEqual(reply('R2', { kind: 'reverse', outcome: 'not_found', reference: null }));
    expect(unaware.ledger.payments()).toEqual([]);
  });

  it('refunds part of a payment, declines a refund exceeding what is left, and refuses to reverse it then', () => {
    const { send, ledger } = terminal();
    const reference = referenceOf(send(pay('S1', 1000)));
    expect(send(refund('F1', reference, 400))).toEqual(reply('F1', { kind: 'refund', outcome: 'approved', reference: expect.any(String) }));
    expect(send(refund('F2', reference, 601))).toEqual(
      reply('F2', { kind: 'refund', outcome: 'declined', reference: null, reason: 'exceeds_payment' }),
    );
    expect(ledger.payments()).toMatchObject([{ serviceId: 'S1', refundedMinor: 400 }]);
    expect(send(reverse('R1', 'S1', reference))).toEqual(
      reply('R1', { kind: 'reverse', outcome: 'refused', reference: null, reason: 'payment_refunded' }),
    );
  });

  it('prints', () => {
    const print: TerminalCommand = { kind: 'print', serviceId: 'P1', document: 'customer_receipt', lines: ['GROCERY', 'Total 10.00 EUR'] };
    expect(terminal().send(print)).toEqual(reply('P1', { kind: 'print', outcome: 'printed' }));
  });

  it('reports totals: standing payments as debits, approved refunds as credits', () => {
    const { send } = terminal();
    send(pay('S1', 1000));
    const reference = referenceOf(send(pay('S2', 2500)));
    send(pay('S3', 3051));
    send(refund('F1', reference, 500));
    expect(send({ kind: 'totals', serviceId: 'G1', groupBy: ['poi'] })).toEqual(
      reply('G1', {
        kind: 'totals',
        groups: [{ poiId: 'T1', currency: 'EUR', debitCount: 2, debitMinor: 3500, creditCount: 1, creditMinor: 500 }],
      }),
    );
  });

  const events: [DeviceEvent, 'ack' | 'error' | 'printed', object][] = [
    [{ kind: 'initialised' }, 'ack', {}],
    [{ kind: 'shutdown' }, 'error', {}],
    [{ kind: 'out_of_order', detail: 'printer lid open' }, 'error', { detail: 'printer lid open' }],
    [{ kind: 'reject', detail: 'unreadable message' }, 'error', { detail: 'unreadable message' }],
  ];
  if (notifiesPrinted) events.push([{ kind: 'printed', document: 'customer_receipt' }, 'printed', { detail: 'customer_receipt' }]);
  it.each(events)('maps the event %j to %s', (event, type, payload) => {
    expect(adapter.decode(codec.encodeEvent(event, session, now), session)).toEqual({
      type: 'event',
      event: { type, payload: { vendorEvent: expect.any(String), ...payload } },
    });
  });
});
