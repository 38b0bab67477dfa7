import { describe, expect, it } from 'vitest';
import type { SessionIdentity, TerminalCommand } from '../vendor-adapter';
import { nexoAdapter } from './nexo.adapter';

const session: SessionIdentity = { terminalId: 'V400m-324688179', saleId: 'TILLWIRE' };
const now = new Date('2025-03-01T10:00:00.000Z');
/** An Adyen terminal's POITransactionID, as our reference. */
const adyenReference = 'oLkO001503399575001.9815033996072250|2017-07-03T07:45:44.000Z';

const request = (command: TerminalCommand) => JSON.parse(nexoAdapter.encode(command, session, now)).SaleToPOIRequest;
const decode = (text: string) => nexoAdapter.decode(text, session);
const header = (category: string, type = 'Response') => ({
  ProtocolVersion: '3.0',
  MessageClass: 'Service',
  MessageCategory: category,
  MessageType: type,
  ServiceID: 'S1',
  SaleID: session.saleId,
  POIID: session.terminalId,
});
const response = (category: string, body: unknown, headerChanges: object = {}) =>
  JSON.stringify({ SaleToPOIResponse: { MessageHeader: { ...header(category), ...headerChanges }, [`${category}Response`]: body } });
const notification = (body: object, headerChanges: object = {}) =>
  JSON.stringify({
    SaleToPOIRequest: { MessageHeader: { ...header('Event', 'Notification'), MessageClass: 'Event', ...headerChanges }, EventNotification: body },
  });
const poiData = { POITransactionID: { TransactionID: 'x', TimeStamp: now.toISOString() } };
const payment = (Response: object) => response('Payment', { Response, POIData: poiData });

describe('nexo adapter: requests', () => {
  it.each([
    [{ kind: 'login', serviceId: 'S1' }, 'Service', 'Login'],
    [{ kind: 'pay', serviceId: 'S1', transactionId: 't', amountMinor: 1, currency: 'EUR' }, 'Service', 'Payment'],
    [{ kind: 'refund', serviceId: 'S1', reference: adyenReference, amountMinor: 1, currency: 'EUR' }, 'Service', 'Payment'],
    [{ kind: 'status', serviceId: 'S1', ofServiceId: 'P1' }, 'Service', 'TransactionStatus'],
    [{ kind: 'abort', serviceId: 'S1', ofServiceId: 'P1', reason: 'MerchantAbort' }, 'Service', 'Abort'],
    [{ kind: 'reverse', serviceId: 'S1', ofServiceId: 'P1', reference: adyenReference, amountMinor: 1, currency: 'EUR' }, 'Service', 'Reversal'],
    [{ kind: 'print', serviceId: 'S1', document: 'sale_receipt', lines: ['x'] }, 'Device', 'Print'],
    [{ kind: 'totals', serviceId: 'S1', groupBy: ['poi'] }, 'Service', 'GetTotals'],
  ] as const)('heads a %j with the header nexo requires', (command, MessageClass, MessageCategory) => {
    const sent = request(command);
    expect(sent.MessageHeader).toEqual({ ...header(MessageCategory, 'Request'), MessageClass });
    expect(Object.keys(sent)).toEqual(['MessageHeader', `${MessageCategory}Request`]);
  });

  it('sends a payment with its sale transaction, operator, shift and amount in major units', () => {
    const command = { kind: 'pay', serviceId: 'S1', transactionId: 't-1', amountMinor: 1250, currency: 'EUR', operatorId: 'alice', shiftNumber: 3 } as const;
    expect(request(command).PaymentRequest).toEqual({
      SaleData: { SaleTransactionID: { TransactionID: 't-1', TimeStamp: now.toISOString() }, OperatorID: 'alice', ShiftNumber: '3' },
      PaymentTransaction: { AmountsReq: { Currency: 'EUR', RequestedAmount: 12.5 } },
      PaymentData: { PaymentType: 'Normal' },
    });
  });

  it('names the refunded payment and the reversed one by the POITransactionID of its reference', () => {
    const POITransactionID = { TransactionID: 'oLkO001503399575001.9815033996072250', TimeStamp: '2017-07-03T07:45:44.000Z' };
    const refund = request({ kind: 'refund', serviceId: 'F1', reference: adyenReference, amountMinor: 500, currency: 'KWD' }).PaymentRequest;
    expect(refund.PaymentTransaction).toEqual({
      AmountsReq: { Currency: 'KWD', RequestedAmount: 0.5 },
      OriginalPOITransaction: { POITransactionID },
    });
    expect(refund.PaymentData).toEqual({ PaymentType: 'Refund' });
    const reversal = request({ kind: 'reverse', serviceId: 'R1', ofServiceId: 'S1', reference: adyenReference, amountMinor: 700, currency: 'JPY' });
    expect(reversal.ReversalRequest).toEqual({
      OriginalPOITransaction: { POITransactionID },
      ReversalReason: 'MerchantCancel',
      ReversedAmount: 700,
      SaleData: { SaleTransactionID: { TransactionID: 'R1', TimeStamp: now.toISOString() }, SaleToAcquirerData: 'currency=JPY' },
    });
  });

  it('asks about and aborts the payment a MessageReference names, with a reason nexo accepts', () => {
    const MessageReference = { MessageCategory: 'Payment', ServiceID: 'P1', SaleID: session.saleId, POIID: session.terminalId };
    expect(request({ kind: 'status', serviceId: 'S1', ofServiceId: 'P1' }).TransactionStatusRequest).toEqual({ MessageReference });
    const abort = request({ kind: 'abort', serviceId: 'S1', ofServiceId: 'P1', reason: '' });
    expect(abort.AbortRequest).toEqual({ MessageReference, AbortReason: 'MerchantAbort' });
  });

  it('refuses, as bad input, a reference it never issued and an amount nexo cannot carry', () => {
    const badInput = expect.objectContaining({ code: 'validation_failed' });
    const refund = { kind: 'refund', serviceId: 'F1', reference: 'SIM-S1', amountMinor: 1, currency: 'EUR' } as const;
    expect(() => request(refund)).toThrow(badInput);
    expect(() => request({ kind: 'pay', serviceId: 'S1', transactionId: 't', amountMinor: 10_000_000_000, currency: 'EUR' })).toThrow(badInput);
  });

  it('expects an answer to everything but an abort', () => {
    const kinds = ['login', 'pay', 'status', 'abort', 'reverse', 'refund', 'print', 'totals'] as const;
    expect(kinds.filter((kind) => !nexoAdapter.expectsReply(kind))).toEqual(['abort']);
  });
});

describe('nexo adapter: answers', () => {
  it("reads an Adyen terminal's approval, whatever else it carries", () => {
    const text = JSON.stringify({
      SaleToPOIResponse: {
        MessageHeader: { ...header('Payment'), DeviceID: '1517998561' },
        PaymentResponse: {
          Response: { Result: 'Success', AdditionalResponse: 'tid=46955094&transactionType=GOODS_SERVICES' },
          SaleData: { SaleTransactionID: { TransactionID: '27908', TimeStamp: '2018-02-07T10:16:01.000Z' } },
          POIData: {
            POITransactionID: { TransactionID: 'oLkO001517998574000.8815179985744120', TimeStamp: '2018-02-07T10:16:14.000Z' },
            POIReconciliationID: '1000',
          },
          PaymentResult: {
            AmountsResp: { AuthorizedAmount: 10.99, Currency: 'EUR' },
            PaymentInstrumentData: { CardData: { MaskedPan: '541333 **** 9999' } },
          },
          PaymentReceipt: [{ DocumentQualifier: 'CashierReceipt', OutputContent: { OutputFormat: 'Text', OutputText: [] } }],
        },
      },
    });
    expect(decode(text)).toEqual({
      type: 'reply',
      serviceId: 'S1',
      reply: { kind: 'pay', outcome: 'approved', reference: 'oLkO001517998574000.8815179985744120|2018-02-07T10:16:14.000Z' },
    });
  });

  it.each([
    [{ Result: 'Failure', ErrorCondition: 'Refusal' }, 'declined', 'card_declined'],
    [{ Result: 'Failure', ErrorCondition: 'Refusal', AdditionalResponse: 'message=Not%20enough%20balance' }, 'declined', 'card_declined'],
    [{ Result: 'Failure', ErrorCondition: 'Aborted' }, 'declined', 'aborted'],
    [{ Result: 'Failure', ErrorCondition: 'WrongPIN' }, 'declined', 'wrong_pin'],
    [{ Result: 'Failure', ErrorCondition: 'UnreachableHost' }, 'declined', 'unreachable_host'],
    [{ Result: 'Failure', ErrorCondition: 'SomeVendorCondition' }, 'declined', 'some_vendor_condition'],
    [{ Result: 'Failure' }, 'declined', 'failed'],
    [{ Result: 'Partial' }, 'declined', 'partial_approval'],
    [{ Result: 'Failure', ErrorCondition: 'MessageFormat' }, 'refused', 'message_format'],
    [{ Result: 'Failure', ErrorCondition: 'MessageFormat', AdditionalResponse: 'reason=service_id_reused' }, 'refused', 'service_id_reused'],
    [{ Result: 'Failure', ErrorCondition: 'NotAllowed' }, 'refused', 'not_allowed'],
    [{ Result: 'Failure', ErrorCondition: 'InProgress' }, 'refused', 'in_progress'],
  ])('reads %j as %s: %s', (Response, outcome, reason) => {
    expect(decode(payment(Response))).toEqual({ type: 'reply', serviceId: 'S1', reply: { kind: 'pay', outcome, reference: null, reason } });
  });

  it('tells a refund by its PaymentResult.PaymentType', () => {
    const text = response('Payment', {
      Response: { Result: 'Success' },
      POIData: { POITransactionID: { TransactionID: 'r', TimeStamp: now.toISOString() } },
      PaymentResult: { PaymentType: 'Refund' },
    });
    expect(decode(text)).toMatchObject({ reply: { kind: 'refund', outcome: 'approved', reference: `r|${now.toISOString()}` } });
  });

  it('reads a status it cannot place as not understood', () => {
    const status = (Response: object) => decode(response('TransactionStatus', { Response }));
    expect(status({ Result: 'Failure', ErrorCondition: 'Busy' })).toEqual({ type: 'invalid', reason: expect.stringMatching(/Busy/) });
    expect(status({ Result: 'Success' })).toEqual({ type: 'invalid', reason: expect.stringMatching(/RepeatedMessageResponse/) });
  });

  it('adds up totals a terminal splits by card brand, in minor units, and leaves other transaction types out', () => {
    const total = (TransactionType: string, TransactionCount: number, TransactionAmount: number) => ({ TransactionType, TransactionCount, TransactionAmount });
    const text = response('GetTotals', {
      Response: { Result: 'Success' },
      POIReconciliationID: 7,
      TransactionTotals: [
        { CardBrand: 'mc', ShiftNumber: 2, PaymentCurrency: 'EUR', PaymentTotals: [total('Debit', 2, 19.99), total('ReverseDebit', 1, 5)] },
        { CardBrand: 'visa', ShiftNumber: '2', PaymentCurrency: 'EUR', PaymentTotals: [total('Debit', 1, 4.35), total('Credit', 1, 0.01)] },
      ],
    });
    expect(decode(text)).toMatchObject({
      reply: { kind: 'totals', groups: [{ shiftNumber: 2, currency: 'EUR', debitCount: 3, debitMinor: 2434, creditCount: 1, creditMinor: 1 }] },
    });
    expect(decode(response('GetTotals', { Response: { Result: 'Failure', ErrorCondition: 'NotAllowed' } }))).toMatchObject({ type: 'invalid' });
    const tooFine = response('GetTotals', {
      Response: { Result: 'Success' },
      TransactionTotals: [{ PaymentCurrency: 'JPY', PaymentTotals: [total('Debit', 1, 0.5)] }],
    });
    expect(decode(tooFine)).toMatchObject({ type: 'invalid', reason: expect.stringMatching(/JPY/) });
  });

  it.each([
    ['not JSON', '{"SaleToPOIResponse":', /not JSON/],
    ['no envelope', '{"PaymentResponse":{}}', /neither/],
    ['another terminal', payment({ Result: 'Success' }).replace(session.terminalId, 'V400m-1'), /POIID V400m-1/],
    ['no ServiceID', payment({ Result: 'Success' }).replace('"ServiceID":"S1",', ''), /ServiceID/],
    ['a ServiceID too long', response('Login', { Response: { Result: 'Success' } }, { ServiceID: '12345678901' }), /ServiceID/],
    ['a request', JSON.stringify({ SaleToPOIRequest: { MessageHeader: header('Payment', 'Request'), PaymentRequest: {} } }), /PaymentRequest/],
    ['an answer in a request envelope', JSON.stringify({ SaleToPOIRequest: { MessageHeader: header('Login'), LoginResponse: {} } }), /travel/],
    ['a category Tillwire does not use', response('Display', {}), /MessageCategory/],
    ['an answer without its Response', response('Payment', { POIData: {} }), /PaymentResponse/],
    ['an approval naming no transaction', response('Payment', { Response: { Result: 'Success' } }), /POIData/],
  ])('calls %s not understood', (_, text, reason) => {
    expect(decode(text)).toEqual({ type: 'invalid', reason: expect.stringMatching(reason) });
  });
});

describe('nexo adapter: notifications', () => {
  it.each([
    ['Initialised', 'ack'],
    ['EndMaintenance', 'ack'],
    ['Shutdown', 'error'],
    ['OutOfOrder', 'error'],
    ['Reject', 'error'],
    ['BeginMaintenance', 'error'],
    ['SaleWakeUp', 'error'],
    ['constructor', 'error'],
  ])('maps %s to %s, keeping its name and details', (EventToNotify, type) => {
    const text = notification({ TimeStamp: now.toISOString(), EventToNotify, EventDetails: 'why' });
    expect(decode(text)).toEqual({ type: 'event', event: { type, payload: { vendorEvent: EventToNotify, detail: 'why' } } });
  });

  it("ignores no other terminal's notification on a session", () => {
    const elsewhere = notification({ TimeStamp: now.toISOString(), EventToNotify: 'Shutdown' }, { POIID: 'V400m-1' });
    expect(decode(elsewhere)).toEqual({ type: 'invalid', reason: expect.stringMatching(/POIID V400m-1/) });
  });

  it('reads what a vendor cloud posts: one notification or several, each naming its terminal', () => {
    const posted = (POIID: string, EventToNotify: string) => JSON.parse(notification({ TimeStamp: now.toISOString(), EventToNotify }, { POIID }));
    expect(nexoAdapter.decodeVendorPost(posted('T1', 'Shutdown'))).toEqual({
      ok: true,
      events: [{ terminalId: 'T1', event: { type: 'error', payload: { vendorEvent: 'Shutdown' } } }],
    });
    const withoutServiceId = posted('T2', 'Initialised');
    delete withoutServiceId.SaleToPOIRequest.MessageHeader.ServiceID;
    expect(nexoAdapter.decodeVendorPost([posted('T1', 'OutOfOrder'), withoutServiceId])).toMatchObject({
      ok: true,
      events: [{ terminalId: 'T1', event: { type: 'error' } }, { terminalId: 'T2', event: { type: 'ack' } }],
    });
  });

  it.each([
    ['nothing', []],
    ['not a message', 'hello'],
    ['an answer', [JSON.parse(payment({ Result: 'Success' }))]],
    ['a POIID that cannot be a terminal', JSON.parse(notification({ TimeStamp: now.toISOString(), EventToNotify: 'Shutdown' }, { POIID: 'T 1' }))],
    ['a notification without its time', JSON.parse(notification({ EventToNotify: 'Shutdown' }))],
  ])('refuses a post of %s', (_, body) => {
    expect(nexoAdapter.decodeVendorPost(body)).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
