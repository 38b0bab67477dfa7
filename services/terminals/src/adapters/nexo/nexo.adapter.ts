import { terminals } from '@tillwire/contracts';
import { TerminalsError, TerminalsErrorCode } from '../../terminals.errors';
import type { Inbound, MappedEvent, PayReply, SessionIdentity, TerminalReply, TotalsGroup, VendorAdapter } from '../vendor-adapter';
import { fromNexoAmount, requireNexoAmount } from './nexo.amount';
import { readEnvelope, readMessage, writeMessage, type Message } from './nexo.envelope';
import type { Body, PaymentResponse, TransactionId } from './nexo.messages';
import { failureOf } from './nexo.outcome';
import { decodeReference, encodeReference } from './nexo.reference';

type Invalid = Extract<Inbound, { type: 'invalid' }>;
const invalid = (reason: string): Invalid => ({ type: 'invalid', reason });

/** nexo asks the sale system to name its software on login; Tillwire holds no vendor certification code. */
const SALE_SOFTWARE = { ManufacturerID: 'Tillwire', ApplicationName: 'Tillwire', SoftwareVersion: '0.1.0', CertificationCode: 'none' };
const TOTAL_DETAIL = { poi: 'POIID', operator: 'OperatorID', shift: 'ShiftNumber' } as const;
const DOCUMENT = { customer_receipt: 'CustomerReceipt', sale_receipt: 'SaleReceipt' } as const;

/**
 * The events a terminal notifies: it is ready again, or it is not. Any other (a vendor's own, or
 * one of nexo's Tillwire has no use for) is reported as an error, so it is seen.
 */
const EVENT_TYPES = new Map<string, MappedEvent['type']>([
  ['Initialised', 'ack'],
  ['EndMaintenance', 'ack'],
  ['Shutdown', 'error'],
  ['OutOfOrder', 'error'],
  ['Reject', 'error'],
  ['BeginMaintenance', 'error'],
]);

/** Tillwire as a nexo sale system: requests to its terminals, their answers and notifications. */
export const nexoAdapter: VendorAdapter = {
  vendor: 'nexo',

  expectsReply: (kind) => kind !== 'abort',

  encode(command, session, now) {
    const parties = { serviceId: command.serviceId, saleId: session.saleId, poiId: session.terminalId };
    const at = now.toISOString();
    switch (command.kind) {
      case 'login':
        return writeMessage('LoginRequest', { DateTime: at, SaleSoftware: SALE_SOFTWARE, OperatorLanguage: 'en' }, parties);
      case 'pay':
        return writeMessage(
          'PaymentRequest',
          {
            SaleData: {
              SaleTransactionID: { TransactionID: command.transactionId, TimeStamp: at },
              ...(command.operatorId !== undefined && { OperatorID: command.operatorId }),
              ...(command.shiftNumber !== undefined && { ShiftNumber: String(command.shiftNumber) }),
            },
            PaymentTransaction: { AmountsReq: amountsReq(command) },
            PaymentData: { PaymentType: 'Normal' },
          },
          parties,
        );
      case 'refund':
        // A refund has no sale transaction of its own in Tillwire; its ServiceID names it.
        return writeMessage(
          'PaymentRequest',
          {
            SaleData: { SaleTransactionID: { TransactionID: command.serviceId, TimeStamp: at } },
            PaymentTransaction: {
              AmountsReq: amountsReq(command),
              OriginalPOITransaction: { POITransactionID: paymentOf(command.reference) },
            },
            PaymentData: { PaymentType: 'Refund' },
          },
          parties,
        );
      case 'status':
        return writeMessage('TransactionStatusRequest', { MessageReference: paymentMessage(command.ofServiceId, session) }, parties);
      case 'abort':
        // nexo wants a reason; MerchantAbort is the customary one.
        return writeMessage(
          'AbortRequest',
          { MessageReference: paymentMessage(command.ofServiceId, session), AbortReason: command.reason || 'MerchantAbort' },
          parties,
        );
      case 'reverse':
        return writeMessage(
          'ReversalRequest',
          {
            OriginalPOITransaction: { POITransactionID: paymentOf(command.reference) },
            ReversalReason: 'MerchantCancel',
            ReversedAmount: requireNexoAmount(command.amountMinor, command.currency),
            SaleData: {
              SaleTransactionID: { TransactionID: command.serviceId, TimeStamp: at },
              SaleToAcquirerData: new URLSearchParams({ currency: command.currency }).toString(),
            },
          },
          parties,
        );
      case 'print':
        return writeMessage(
          'PrintRequest',
          {
            PrintOutput: {
              DocumentQualifier: DOCUMENT[command.document],
              ResponseMode: 'PrintEnd',
              OutputContent: { OutputFormat: 'Text', OutputText: command.lines.map((line) => ({ Text: line })) },
            },
          },
          parties,
        );
      case 'totals':
        return writeMessage('GetTotalsRequest', { TotalDetails: command.groupBy.map((group) => TOTAL_DETAIL[group]) }, parties);
    }
  },

  decode(text, session) {
    const read = readMessage(text);
    if (!read.ok) return invalid(read.reason);
    const { message } = read;
    const { POIID, ServiceID } = message.header;
    if (POIID !== session.terminalId) return invalid(`the message is from POIID ${POIID}, not from terminal ${session.terminalId}`);
    if (message.key === 'EventNotification') return { type: 'event', event: mapEvent(message.body) };
    if (ServiceID === undefined) return invalid(`the ${message.key} has no ServiceID`);
    const reply = replyOf(message);
    return 'type' in reply ? reply : { type: 'reply', serviceId: ServiceID, reply };
  },

  decodeVendorPost(body) {
    const posted: unknown[] = Array.isArray(body) ? body : [body];
    if (posted.length === 0) return { ok: false, reason: 'no EventNotification in the post' };
    const events = [];
    for (const [index, item] of posted.entries()) {
      const which = Array.isArray(body) ? `item ${index}: ` : '';
      const read = readEnvelope(item);
      if (!read.ok) return { ok: false, reason: which + read.reason };
      const { message } = read;
      if (message.key !== 'EventNotification') return { ok: false, reason: `${which}a ${message.key}, not an EventNotification` };
      const terminalId = terminals.terminalId.safeParse(message.header.POIID);
      if (!terminalId.success) return { ok: false, reason: `${which}POIID ${message.header.POIID} cannot be a terminal id` };
      events.push({ terminalId: terminalId.data, event: mapEvent(message.body) });
    }
    return { ok: true, events };
  },
};

const amountsReq = (command: { readonly amountMinor: number; readonly currency: string }) => ({
  Currency: command.currency,
  RequestedAmount: requireNexoAmount(command.amountMinor, command.currency),
});

/** Only references this adapter issued name a terminal's transaction. */
function paymentOf(reference: string): TransactionId {
  const payment = decodeReference(reference);
  if (payment) return payment;
  throw new TerminalsError(TerminalsErrorCode.ValidationFailed, `${reference} is not a nexo payment reference`, { reference });
}

/** Status queries and aborts are only ever about payments (a refund is a payment of type Refund). */
const paymentMessage = (ofServiceId: string, session: SessionIdentity) =>
  ({ MessageCategory: 'Payment', ServiceID: ofServiceId, SaleID: session.saleId, POIID: session.terminalId }) as const;

function replyOf(message: Message): TerminalReply | Invalid {
  switch (message.key) {
    case 'LoginResponse': {
      const { Result, ErrorCondition, AdditionalResponse } = message.body.Response;
      if (Result === 'Success') return { kind: 'login', ok: true };
      const detail = AdditionalResponse ?? ErrorCondition;
      return detail === undefined ? { kind: 'login', ok: false } : { kind: 'login', ok: false, detail };
    }
    case 'PaymentResponse': {
      const reply = payReplyOf(message.body);
      // Only PaymentResult tells a refund's answer from a payment's; a failed one may lack it.
      return 'type' in reply || message.body.PaymentResult?.PaymentType !== 'Refund' ? reply : { ...reply, kind: 'refund' };
    }
    case 'TransactionStatusResponse':
      return statusOf(message.body);
    case 'ReversalResponse': {
      const { Response, POIData } = message.body;
      const failed = failureOf(Response);
      if (!failed) return { kind: 'reverse', outcome: 'reversed', reference: POIData ? encodeReference(POIData.POITransactionID) : null };
      if (Response.ErrorCondition === 'NotFound') return { kind: 'reverse', outcome: 'not_found', reference: null };
      return { kind: 'reverse', outcome: 'refused', reference: null, reason: failed.reason };
    }
    case 'PrintResponse': {
      const failed = failureOf(message.body.Response);
      return failed ? { kind: 'print', outcome: 'failed', reason: failed.reason } : { kind: 'print', outcome: 'printed' };
    }
    case 'GetTotalsResponse':
      return totalsOf(message.body);
    default:
      return invalid(`a ${message.key} is not an answer a terminal sends`);
  }
}

function payReplyOf(body: PaymentResponse): PayReply | Invalid {
  const failed = failureOf(body.Response);
  if (failed) return { kind: 'pay', outcome: failed.refused ? 'refused' : 'declined', reference: null, reason: failed.reason };
  if (!body.POIData) return invalid('an approved PaymentResponse without POIData names no transaction');
  return { kind: 'pay', outcome: 'approved', reference: encodeReference(body.POIData.POITransactionID) };
}

function statusOf(body: Body<'TransactionStatusResponse'>): TerminalReply | Invalid {
  const { Response, RepeatedMessageResponse } = body;
  if (Response.Result === 'Success') {
    if (!RepeatedMessageResponse) return invalid('a successful TransactionStatusResponse without RepeatedMessageResponse');
    const original = payReplyOf(RepeatedMessageResponse.RepeatedResponseMessageBody.PaymentResponse);
    return 'type' in original ? original : { kind: 'status', state: 'processed', original };
  }
  if (Response.ErrorCondition === 'InProgress') return { kind: 'status', state: 'in_progress' };
  if (Response.ErrorCondition === 'NotFound') return { kind: 'status', state: 'not_found' };
  return invalid(`TransactionStatusResponse ${Response.Result} with ErrorCondition ${Response.ErrorCondition ?? '(none)'}`);
}

/** Debit totals are payments, Credit totals refunds; other transaction types are not Tillwire's figures. */
function totalsOf(body: Body<'GetTotalsResponse'>): TerminalReply | Invalid {
  if (body.Response.Result !== 'Success') {
    return invalid(`GetTotalsResponse ${body.Response.Result} with ErrorCondition ${body.Response.ErrorCondition ?? '(none)'}`);
  }
  // One group per grouping and currency, however many entries (per card brand, say) the terminal splits it into.
  const groups = new Map<string, { -readonly [K in keyof TotalsGroup]: TotalsGroup[K] }>();
  for (const totals of body.TransactionTotals ?? []) {
    const keys = {
      ...(totals.POIID !== undefined && { poiId: totals.POIID }),
      ...(totals.OperatorID !== undefined && { operatorId: totals.OperatorID }),
      ...(totals.ShiftNumber !== undefined && { shiftNumber: Number(totals.ShiftNumber) }),
      currency: totals.PaymentCurrency,
    };
    const key = JSON.stringify([keys.poiId, keys.operatorId, keys.shiftNumber, keys.currency]);
    const group = groups.get(key) ?? { ...keys, debitCount: 0, debitMinor: 0, creditCount: 0, creditMinor: 0 };
    for (const { TransactionType, TransactionCount, TransactionAmount } of totals.PaymentTotals ?? []) {
      const side = TransactionType === 'Debit' ? 'debit' : TransactionType === 'Credit' ? 'credit' : undefined;
      if (!side) continue;
      const minor = fromNexoAmount(TransactionAmount, totals.PaymentCurrency);
      if (minor === undefined) return invalid(`TransactionAmount ${TransactionAmount} is not an amount of ${totals.PaymentCurrency}`);
      group[`${side}Count`] += TransactionCount;
      group[`${side}Minor`] += minor;
    }
    groups.set(key, group);
  }
  return { kind: 'totals', groups: [...groups.values()] };
}

function mapEvent(body: Body<'EventNotification'>): MappedEvent {
  const { EventToNotify, EventDetails } = body;
  const payload = EventDetails === undefined ? { vendorEvent: EventToNotify } : { vendorEvent: EventToNotify, detail: EventDetails };
  return { type: EVENT_TYPES.get(EventToNotify) ?? 'error', payload };
}
