import { describe, expect, it } from 'vitest';
import type { SessionIdentity, TerminalCommand } from '../vendor-adapter';
import { nexoAdapter } from './nexo.adapter';
import { nexoDevice } from './nexo.device';

const device: SessionIdentity = { terminalId: 'V400m-324688179', saleId: 'TILLWIRE' };
const now = new Date('2025-03-01T10:00:00.000Z');
const pay = { kind: 'pay', serviceId: 'S1', transactionId: 't-1', amountMinor: 1250, currency: 'EUR' } as const;
const refund = { kind: 'refund', serviceId: 'F1', reference: 'S1|2025-03-01T09:58:00.000Z', amountMinor: 500, currency: 'EUR' } as const;
const reverse = {
  kind: 'reverse',
  serviceId: 'R1',
  ofServiceId: 'S1',
  reference: 'S1|2025-03-01T09:58:00.000Z',
  amountMinor: 1250,
  currency: 'EUR',
} as const;
const status = { kind: 'status', serviceId: 'Q1', ofServiceId: 'S1' } as const;

/** A request as the gateway sends it, with the value at `path` in its SaleToPOIRequest changed, or removed. */
function edited(command: TerminalCommand, path: readonly string[], value?: unknown): string {
  const json = JSON.parse(nexoAdapter.encode(command, device, now));
  const parent = path.slice(0, -1).reduce((node, key) => node[key], json.SaleToPOIRequest);
  parent[path.at(-1) ?? ''] = value;
  return JSON.stringify(json);
}
const reply = (text: string) => JSON.parse(text).SaleToPOIResponse;

describe('nexo device: requests', () => {
  it.each([
    ['another terminal', edited(pay, ['MessageHeader', 'POIID'], 'V400m-1'), /POIID V400m-1/],
    ['an answer', nexoDevice.encodeReply(pay, { kind: 'pay', outcome: 'declined', reference: null }, device, now), /not a request/],
    ['a payment type Tillwire does not make', edited(pay, ['PaymentRequest', 'PaymentData', 'PaymentType'], 'CashAdvance'), /PaymentType/],
    [
      'an amount finer than the currency',
      edited(pay, ['PaymentRequest', 'PaymentTransaction', 'AmountsReq', 'RequestedAmount'], 10.505),
      /10\.505/,
    ],
    ['a refund of nothing', edited(refund, ['PaymentRequest', 'PaymentTransaction', 'OriginalPOITransaction']), /OriginalPOITransaction/],
    ['a status query naming no payment', edited(status, ['TransactionStatusRequest', 'MessageReference']), /MessageReference/],
    [
      "a reversal of another terminal's transaction",
      edited(reverse, ['ReversalRequest', 'OriginalPOITransaction', 'POITransactionID', 'TransactionID'], 'oLkO001503399575001.9815033996072250'),
      /names no payment/,
    ],
    ['a reversal without its currency', edited(reverse, ['ReversalRequest', 'SaleData', 'SaleToAcquirerData']), /currency/],
  ])('calls %s not understood', (_, text, reason) => {
    expect(nexoDevice.decode(text, device)).toEqual({ type: 'invalid', reason: expect.stringMatching(reason) });
  });
});

describe('nexo device: answers', () => {
  it('answers under the ServiceID it was asked with, in a SaleToPOIResponse', () => {
    const print = { kind: 'print', serviceId: 'P1', document: 'sale_receipt', lines: [] } as const;
    const answer = reply(nexoDevice.encodeReply(print, { kind: 'print', outcome: 'printed' }, device, now));
    expect(answer.MessageHeader).toEqual({
      ProtocolVersion: '3.0',
      MessageClass: 'Device',
      MessageCategory: 'Print',
      MessageType: 'Response',
      ServiceID: 'P1',
      SaleID: device.saleId,
      POIID: device.terminalId,
    });
    expect(answer.PrintResponse).toEqual({ DocumentQualifier: 'SaleReceipt', Response: { Result: 'Success' } });
  });

  it('names its transaction in a declined answer too, as nexo requires, with the sale transaction it was for', () => {
    const answer = reply(nexoDevice.encodeReply(pay, { kind: 'pay', outcome: 'declined', reference: null, reason: 'card_declined' }, device, now));
    expect(answer.PaymentResponse).toEqual({
      Response: { Result: 'Failure', ErrorCondition: 'Refusal', AdditionalResponse: 'reason=card_declined' },
      SaleData: { SaleTransactionID: { TransactionID: 't-1', TimeStamp: now.toISOString() } },
      POIData: { POITransactionID: { TransactionID: 'S1', TimeStamp: now.toISOString() } },
    });
  });

  it('keeps a reference in nexo form as it is, so a repeated answer names the same transaction', () => {
    const reference = 'S1|2025-03-01T09:58:00.000Z';
    const answer = reply(nexoDevice.encodeReply(pay, { kind: 'pay', outcome: 'approved', reference }, device, now));
    expect(answer.PaymentResponse.POIData).toEqual({ POITransactionID: { TransactionID: 'S1', TimeStamp: '2025-03-01T09:58:00.000Z' } });
  });

  it('says a refund is one', () => {
    const answer = reply(nexoDevice.encodeReply(refund, { kind: 'refund', outcome: 'approved', reference: null }, device, now));
    expect(answer.PaymentResponse.PaymentResult).toEqual({ PaymentType: 'Refund' });
  });
});

describe('nexo device: notifications', () => {
  it('notifies as an event of its own, under a ServiceID nexo accepts', () => {
    const { SaleToPOIRequest: sent } = JSON.parse(nexoDevice.encodeEvent({ kind: 'out_of_order', detail: 'printer jammed' }, device, now));
    expect(sent.MessageHeader).toEqual({
      ProtocolVersion: '3.0',
      MessageClass: 'Event',
      MessageCategory: 'Event',
      MessageType: 'Notification',
      ServiceID: expect.stringMatching(/^.{1,10}$/),
      SaleID: device.saleId,
      POIID: device.terminalId,
    });
    expect(sent.EventNotification).toEqual({ TimeStamp: now.toISOString(), EventToNotify: 'OutOfOrder', EventDetails: 'printer jammed' });
  });

  it('has no notification for a printed document: nexo says so in the PrintResponse', () => {
    expect(() => nexoDevice.encodeEvent({ kind: 'printed', document: 'customer_receipt' }, device, now)).toThrow(/PrintResponse/);
  });
});
