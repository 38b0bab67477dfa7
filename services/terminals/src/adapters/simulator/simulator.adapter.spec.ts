import { describe, expect, it } from 'vitest';
import type { TerminalCommand } from '../vendor-adapter';
import { simulatorAdapter } from './simulator.adapter';

const session = { terminalId: 'T1', saleId: 'TILLWIRE' };
const pay: TerminalCommand = { kind: 'pay', serviceId: 'S1', transactionId: 'tx-1', amountMinor: 1000, currency: 'EUR' };

describe('simulatorAdapter', () => {
  it('sends a command as it is, under its serviceId', () => {
    expect(JSON.parse(simulatorAdapter.encode(pay, session, new Date()))).toEqual({ type: 'command', serviceId: 'S1', command: pay });
  });

  it('expects a reply to every command but an abort', () => {
    expect(simulatorAdapter.expectsReply('pay')).toBe(true);
    expect(simulatorAdapter.expectsReply('login')).toBe(true);
    expect(simulatorAdapter.expectsReply('abort')).toBe(false);
  });

  it('reads a reply with the serviceId it names', () => {
    const reply = { kind: 'status', state: 'processed', original: { kind: 'pay', outcome: 'approved', reference: 'SIM-S1' } };
    expect(simulatorAdapter.decode(JSON.stringify({ type: 'reply', serviceId: 'S2', reply }), session)).toEqual({
      type: 'reply',
      serviceId: 'S2',
      reply,
    });
  });

  it.each([
    [{ kind: 'initialised' }, { type: 'ack', payload: { vendorEvent: 'initialised' } }],
    [{ kind: 'printed', document: 'customer_receipt' }, { type: 'printed', payload: { vendorEvent: 'printed', detail: 'customer_receipt' } }],
    [{ kind: 'shutdown' }, { type: 'error', payload: { vendorEvent: 'shutdown' } }],
    [{ kind: 'out_of_order', detail: 'paper out' }, { type: 'error', payload: { vendorEvent: 'out_of_order', detail: 'paper out' } }],
    [{ kind: 'reject', detail: 'bad JSON' }, { type: 'error', payload: { vendorEvent: 'reject', detail: 'bad JSON' } }],
  ])('maps the event %j', (event, mapped) => {
    const text = JSON.stringify({ type: 'event', event, at: '2025-01-01T12:00:00.000Z' });
    expect(simulatorAdapter.decode(text, session)).toEqual({ type: 'event', event: mapped });
  });

  it('says why a message is invalid', () => {
    const decode = (text: string) => simulatorAdapter.decode(text, session);
    expect(decode('{')).toEqual({ type: 'invalid', reason: 'not JSON' });
    expect(decode(JSON.stringify({ type: 'reply', serviceId: 'S1', reply: { kind: 'pay', outcome: 'maybe', reference: null } }))).toMatchObject({
      type: 'invalid',
      reason: expect.stringContaining('reply'),
    });
    expect(decode(JSON.stringify({ type: 'event', event: { kind: 'exploded' }, at: '2025-01-01T12:00:00Z' }))).toMatchObject({ type: 'invalid' });
    expect(decode(JSON.stringify({ type: 'command', serviceId: 'S1', command: pay }))).toMatchObject({ type: 'invalid' });
  });

  it("reads a vendor cloud's post of one event or several", () => {
    expect(simulatorAdapter.decodeVendorPost({ terminalId: 'T1', event: { kind: 'initialised' } })).toEqual({
      ok: true,
      events: [{ terminalId: 'T1', event: { type: 'ack', payload: { vendorEvent: 'initialised' } } }],
    });
    const many = [
      { terminalId: 'T1', event: { kind: 'shutdown' } },
      { terminalId: 'T2', event: { kind: 'out_of_order', detail: 'lid open' } },
    ];
    expect(simulatorAdapter.decodeVendorPost(many)).toMatchObject({ ok: true, events: [{ terminalId: 'T1' }, { terminalId: 'T2' }] });
    expect(simulatorAdapter.decodeVendorPost([])).toMatchObject({ ok: false });
    expect(simulatorAdapter.decodeVendorPost({ terminalId: 'T 1', event: { kind: 'shutdown' } })).toMatchObject({ ok: false });
    expect(simulatorAdapter.decodeVendorPost({ event: { kind: 'shutdown' } })).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
