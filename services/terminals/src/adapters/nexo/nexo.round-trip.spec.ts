import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceEvent, MappedEvent, SessionIdentity, TerminalCommand, TerminalReply } from '../vendor-adapter';
import { nexoAdapter } from './nexo.adapter';
import { nexoDevice } from './nexo.device';

const session: SessionIdentity = { terminalId: 'V400m-324688179', saleId: 'TILLWIRE' };
const now = new Date('2025-03-01T10:00:00.000Z');
/** References the simulated terminal issued: its TransactionIDs are the ServiceIDs of the requests. */
const paid = 'S1|2025-03-01T09:58:00.000Z';
const reversed = 'R1|2025-03-01T09:59:00.000Z';
const refunded = 'F1|2025-03-01T09:59:30.000Z';

const login = { kind: 'login', serviceId: 'L1' } as const;
const pay = {
  kind: 'pay',
  serviceId: 'S1',
  transactionId: '0b7e2f4c-5d1a-4c1e-9f3e-2a6b8c9d0e1f',
  amountMinor: 1250,
  currency: 'EUR',
  operatorId: 'alice',
  shiftNumber: 3,
} as const;
const status = { kind: 'status', serviceId: 'Q1', ofServiceId: 'S1' } as const;
const reverse = { kind: 'reverse', serviceId: 'R1', ofServiceId: 'S1', reference: paid, amountMinor: 1250, currency: 'EUR' } as const;
const refund = { kind: 'refund', serviceId: 'F1', reference: paid, amountMinor: 500, currency: 'EUR' } as const;
const print = { kind: 'print', serviceId: 'P1', document: 'customer_receipt', lines: ['Tillwire', '', 'Total  12.50 EUR'] } as const;
const totals = { kind: 'totals', serviceId: 'T1', groupBy: ['poi', 'operator', 'shift'] } as const;

const commands: readonly TerminalCommand[] = [
  login,
  pay,
  { kind: 'pay', serviceId: 'S2', transactionId: 't-2', amountMinor: 1250, currency: 'JPY' },
  status,
  { kind: 'abort', serviceId: 'A1', ofServiceId: 'S1', reason: 'MerchantAbort' },
  reverse,
  refund,
  { kind: 'refund', serviceId: 'F2', reference: paid, amountMinor: 1, currency: 'KWD' },
  print,
  { kind: 'print', serviceId: 'P2', document: 'sale_receipt', lines: [] },
  totals,
  { kind: 'totals', serviceId: 'T2', groupBy: [] },
];

const approved = { kind: 'pay', outcome: 'approved', reference: paid } as const;
const declined = { kind: 'pay', outcome: 'declined', reference: null, reason: 'card_declined' } as const;
const replies: readonly { readonly command: TerminalCommand; readonly reply: TerminalReply }[] = [
  { command: login, reply: { kind: 'login', ok: true } },
  { command: login, reply: { kind: 'login', ok: false, detail: 'Sale system not known here' } },
  { command: pay, reply: approved },
  { command: pay, reply: declined },
  { command: pay, reply: { kind: 'pay', outcome: 'declined', reference: null, reason: 'aborted' } },
  { command: pay, reply: { kind: 'pay', outcome: 'refused', reference: null, reason: 'service_id_reused' } },
  { command: status, reply: { kind: 'status', state: 'in_progress' } },
  { command: status, reply: { kind: 'status', state: 'not_found' } },
  { command: status, reply: { kind: 'status', state: 'processed', original: approved } },
  { command: status, reply: { kind: 'status', state: 'processed', original: declined } },
  { command: reverse, reply: { kind: 'reverse', outcome: 'reversed', reference: reversed } },
  { command: reverse, reply: { kind: 'reverse', outcome: 'not_found', reference: null } },
  { command: reverse, reply: { kind: 'reverse', outcome: 'refused', reference: null, reason: 'payment_refunded' } },
  { command: refund, reply: { kind: 'refund', outcome: 'approved', reference: refunded } },
  { command: refund, reply: { kind: 'refund', outcome: 'declined', reference: null, reason: 'exceeds_payment' } },
  { command: refund, reply: { kind: 'refund', outcome: 'refused', reference: null, reason: 'service_id_reused' } },
  { command: print, reply: { kind: 'print', outcome: 'printed' } },
  { command: print, reply: { kind: 'print', outcome: 'failed', reason: 'paper_out' } },
  { command: totals, reply: { kind: 'totals', groups: [] } },
  {
    command: totals,
    reply: {
      kind: 'totals',
      groups: [
        { poiId: 'V400m-324688179', operatorId: 'alice', shiftNumber: 3, currency: 'EUR', debitCount: 2, debitMinor: 2500, creditCount: 1, creditMinor: 500 },
        { poiId: session.terminalId, currency: 'JPY', debitCount: 1, debitMinor: 99_999_999, creditCount: 0, creditMinor: 0 },
        { currency: 'KWD', debitCount: 3, debitMinor: 99_999_999_999, creditCount: 1, creditMinor: 1 },
      ],
    },
  },
];

const events: readonly { readonly event: DeviceEvent; readonly mapped: MappedEvent }[] = [
  { event: { kind: 'initialised' }, mapped: { type: 'ack', payload: { vendorEvent: 'Initialised' } } },
  { event: { kind: 'shutdown' }, mapped: { type: 'error', payload: { vendorEvent: 'Shutdown' } } },
  { event: { kind: 'out_of_order', detail: 'lid open' }, mapped: { type: 'error', payload: { vendorEvent: 'OutOfOrder', detail: 'lid open' } } },
  { event: { kind: 'reject', detail: 'not JSON' }, mapped: { type: 'error', payload: { vendorEvent: 'Reject', detail: 'not JSON' } } },
];

describe('nexo, gateway to simulated terminal and back', () => {
  it.each(commands.map((command) => ({ name: JSON.stringify(command), command })))('the terminal reads $name as sent', ({ command }) => {
    expect(nexoDevice.decode(nexoAdapter.encode(command, session, now), session)).toEqual({ type: 'command', command });
  });

  it.each(replies.map(({ command, reply }) => ({ name: `${command.kind}: ${JSON.stringify(reply)}`, command, reply })))(
    'the gateway reads the answer $name as given',
    ({ command, reply }) => {
      const text = nexoDevice.encodeReply(command, reply, session, now);
      expect(nexoAdapter.decode(text, session)).toEqual({ type: 'reply', serviceId: command.serviceId, reply });
    },
  );

  it.each(events.map(({ event, mapped }) => ({ name: event.kind, event, mapped })))(
    'the gateway maps the $name notification',
    ({ event, mapped }) => {
      expect(nexoAdapter.decode(nexoDevice.encodeEvent(event, session, now), session)).toEqual({ type: 'event', event: mapped });
    },
  );

  it('names a payment by its reference in the reversal and refund of it, ServiceID included', () => {
    const payment = nexoDevice.decode(nexoAdapter.encode(pay, session, now), session);
    expect(payment).toMatchObject({ type: 'command', command: pay });
    // The simulator's own reference is not in nexo form: the terminal names the transaction after the ServiceID.
    const answer = nexoAdapter.decode(nexoDevice.encodeReply(pay, { ...approved, reference: 'SIM-S1' }, session, now), session);
    const reference = `S1|${now.toISOString()}`;
    expect(answer).toEqual({ type: 'reply', serviceId: 'S1', reply: { ...approved, reference } });

    const reversal = { ...reverse, reference };
    expect(nexoDevice.decode(nexoAdapter.encode(reversal, session, now), session)).toEqual({ type: 'command', command: reversal });
    const refundOf = { ...refund, reference };
    expect(nexoDevice.decode(nexoAdapter.encode(refundOf, session, now), session)).toEqual({ type: 'command', command: refundOf });
  });

  it('carries any payment amount nexo allows exactly, whatever the currency exponent', () => {
    const amounts = fc.oneof(
      fc.record({ currency: fc.constant('JPY'), amountMinor: fc.integer({ min: 1, max: 99_999_999 }) }),
      fc.record({ currency: fc.constantFrom('EUR', 'USD'), amountMinor: fc.integer({ min: 1, max: 9_999_999_999 }) }),
      fc.record({ currency: fc.constantFrom('KWD', 'BHD'), amountMinor: fc.integer({ min: 1, max: 99_999_999_999 }) }),
    );
    fc.assert(
      fc.property(amounts, (amount) => {
        const command = { ...pay, ...amount };
        expect(nexoDevice.decode(nexoAdapter.encode(command, session, now), session)).toEqual({ type: 'command', command });
      }),
    );
  });
});
