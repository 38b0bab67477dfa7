import type { DeviceCodec, DeviceInbound, PayReply, TerminalCommand, TerminalReply, TotalsGroup, TotalsGrouping } from '../vendor-adapter';
import { fromNexoAmount, requireNexoAmount } from './nexo.amount';
import { headerOf, readMessage, writeMessage, type Message, type Parties } from './nexo.envelope';
import {
  serviceId as serviceIdSchema,
  type Body,
  type NexoResponse,
  type PaymentResponse,
  type TransactionId,
  type TransactionTotals,
} from './nexo.messages';
import { failure } from './nexo.outcome';
import { decodeReference, encodeReference } from './nexo.reference';

type Invalid = Extract<DeviceInbound, { type: 'invalid' }>;
type RefundReply = Extract<TerminalReply, { kind: 'refund' }>;
const invalid = (reason: string): Invalid => ({ type: 'invalid', reason });

const SUCCESS: NexoResponse = { Result: 'Success' };
const GROUPING = { POIID: 'poi', OperatorID: 'operator', ShiftNumber: 'shift' } as const satisfies Record<string, TotalsGrouping>;
const DOCUMENT = { customer_receipt: 'CustomerReceipt', sale_receipt: 'SaleReceipt' } as const;
/** The simulated terminal never reconciles, so all its totals are of one period. */
const RECONCILIATION_PERIOD = 1;

/**
 * A terminal's side of nexo, for Tillwire's terminal simulator. The simulated terminal names each
 * transaction after the ServiceID of the request that made it (POITransactionID.TransactionID is
 * that ServiceID), so the ReversalRequest, which names a payment only by its POITransactionID,
 * still names the payment's ServiceID. A reply whose reference is already in nexo form
 * (`<TransactionID>|<TimeStamp>`, see nexo.reference.ts) names its transaction as it says, so a
 * repeated answer names it the same; any other is named after the ServiceID, stamped `now`.
 */
export const nexoDevice: DeviceCodec = {
  vendor: 'nexo',

  decode(text, device) {
    const read = readMessage(text);
    if (!read.ok) return invalid(read.reason);
    const { message } = read;
    const { POIID, ServiceID } = message.header;
    if (POIID !== device.terminalId) return invalid(`the message is for POIID ${POIID}, not for terminal ${device.terminalId}`);
    if (ServiceID === undefined) return invalid(`the ${message.key} has no ServiceID`);
    const command = commandOf(message, ServiceID);
    return 'type' in command ? command : { type: 'command', command };
  },

  encodeReply(command, reply, device, now) {
    const parties = { serviceId: command.serviceId, saleId: device.saleId, poiId: device.terminalId };
    switch (reply.kind) {
      case 'login': {
        const refused: NexoResponse = { Result: 'Failure', ErrorCondition: 'NotAllowed' };
        const Response = reply.ok ? SUCCESS : reply.detail ? { ...refused, AdditionalResponse: reply.detail } : refused;
        return writeMessage('LoginResponse', { Response }, parties);
      }
      case 'pay':
      case 'refund':
        return writeMessage('PaymentResponse', paymentResponse(command, reply, now), parties);
      case 'status': {
        if (reply.state !== 'processed') {
          const Response: NexoResponse = { Result: 'Failure', ErrorCondition: reply.state === 'in_progress' ? 'InProgress' : 'NotFound' };
          return writeMessage('TransactionStatusResponse', { Response }, parties);
        }
        const original = { ...parties, serviceId: transactionServiceId(command) };
        return writeMessage(
          'TransactionStatusResponse',
          {
            Response: SUCCESS,
            RepeatedMessageResponse: {
              MessageHeader: headerOf('PaymentResponse', original),
              RepeatedResponseMessageBody: { PaymentResponse: paymentResponse(command, reply.original, now) },
            },
          },
          parties,
        );
      }
      case 'reverse': {
        if (reply.outcome === 'reversed') {
          const POIData = { POITransactionID: poiTransaction(command, reply.reference, now) };
          return writeMessage('ReversalResponse', { Response: SUCCESS, POIData }, parties);
        }
        const Response: NexoResponse =
          reply.outcome === 'not_found' ? { Result: 'Failure', ErrorCondition: 'NotFound' } : failure(reply.reason, 'MessageFormat');
        return writeMessage('ReversalResponse', { Response }, parties);
      }
      case 'print':
        return writeMessage(
          'PrintResponse',
          {
            DocumentQualifier: command.kind === 'print' ? DOCUMENT[command.document] : 'Document',
            Response: reply.outcome === 'printed' ? SUCCESS : failure(reply.reason, 'UnavailableDevice'),
          },
          parties,
        );
      case 'totals':
        return writeMessage(
          'GetTotalsResponse',
          { Response: SUCCESS, POIReconciliationID: RECONCILIATION_PERIOD, TransactionTotals: reply.groups.map(transactionTotals) },
          parties,
        );
    }
  },

  encodeEvent(event, device, now) {
    // A notification's ServiceID is the terminal's own; the clock makes one unique enough.
    const parties: Parties = { serviceId: now.getTime().toString(36).slice(-10), saleId: device.saleId, poiId: device.terminalId };
    const notify = (EventToNotify: string, EventDetails?: string) =>
      writeMessage('EventNotification', { TimeStamp: now.toISOString(), EventToNotify, ...(EventDetails && { EventDetails }) }, parties);
    switch (event.kind) {
      case 'initialised':
        return notify('Initialised');
      case 'shutdown':
        return notify('Shutdown');
      case 'out_of_order':
        return notify('OutOfOrder', event.detail);
      case 'reject':
        return notify('Reject', event.detail);
      case 'printed':
        throw new Error('nexo has no notification of a printed document: a PrintResponse reports it');
    }
  },
};

function commandOf(message: Message, serviceId: string): TerminalCommand | Invalid {
  switch (message.key) {
    case 'LoginRequest':
      return { kind: 'login', serviceId };
    case 'PaymentRequest':
      return paymentOf(message.body, serviceId);
    case 'TransactionStatusRequest':
      return { kind: 'status', serviceId, ofServiceId: message.body.MessageReference.ServiceID };
    case 'AbortRequest':
      return { kind: 'abort', serviceId, ofServiceId: message.body.MessageReference.ServiceID, reason: message.body.AbortReason };
    case 'ReversalRequest':
      return reversalOf(message.body, serviceId);
    case 'PrintRequest': {
      const { DocumentQualifier, OutputContent } = message.body.PrintOutput;
      const document = DocumentQualifier === 'CustomerReceipt' ? 'customer_receipt' : 'sale_receipt';
      return { kind: 'print', serviceId, document, lines: OutputContent.OutputText.map((line) => line.Text) };
    }
    case 'GetTotalsRequest':
      return { kind: 'totals', serviceId, groupBy: message.body.TotalDetails.map((detail) => GROUPING[detail]) };
    default:
      return invalid(`a ${message.key} is not a request a terminal serves`);
  }
}

function paymentOf(body: Body<'PaymentRequest'>, serviceId: string): TerminalCommand | Invalid {
  const { SaleData, PaymentTransaction, PaymentData } = body;
  const { Currency: currency, RequestedAmount } = PaymentTransaction.AmountsReq;
  const amountMinor = fromNexoAmount(RequestedAmount, currency);
  if (amountMinor === undefined) return invalid(`RequestedAmount ${RequestedAmount} is not an amount of ${currency}`);
  if (PaymentData?.PaymentType === 'Refund') {
    const original = PaymentTransaction.OriginalPOITransaction;
    if (!original) return invalid('a refund without OriginalPOITransaction refunds nothing');
    return { kind: 'refund', serviceId, reference: encodeReference(original.POITransactionID), amountMinor, currency };
  }
  return {
    kind: 'pay',
    serviceId,
    transactionId: SaleData.SaleTransactionID.TransactionID,
    amountMinor,
    currency,
    ...(SaleData.OperatorID !== undefined && { operatorId: SaleData.OperatorID }),
    ...(SaleData.ShiftNumber !== undefined && { shiftNumber: Number(SaleData.ShiftNumber) }),
  };
}

function reversalOf(body: Body<'ReversalRequest'>, serviceId: string): TerminalCommand | Invalid {
  const payment = body.OriginalPOITransaction.POITransactionID;
  const ofServiceId = serviceIdSchema.safeParse(payment.TransactionID);
  if (!ofServiceId.success) return invalid(`TransactionID ${payment.TransactionID} names no payment of this terminal`);
  const currency = new URLSearchParams(body.SaleData.SaleToAcquirerData ?? '').get('currency');
  if (currency === null || !/^[A-Z]{3}$/.test(currency)) {
    return invalid('SaleData.SaleToAcquirerData names no currency=… of the reversed amount');
  }
  const amountMinor = fromNexoAmount(body.ReversedAmount, currency);
  if (amountMinor === undefined) return invalid(`ReversedAmount ${body.ReversedAmount} is not an amount of ${currency}`);
  return { kind: 'reverse', serviceId, ofServiceId: ofServiceId.data, reference: encodeReference(payment), amountMinor, currency };
}

/** An answer about a payment or refund; a declined one still names the terminal's transaction, as nexo requires. */
function paymentResponse(command: TerminalCommand, reply: PayReply | RefundReply, now: Date): PaymentResponse {
  const saleTransaction = command.kind === 'pay' ? command.transactionId : transactionServiceId(command);
  return {
    Response: reply.outcome === 'approved' ? SUCCESS : failure(reply.reason, reply.outcome === 'refused' ? 'MessageFormat' : 'Refusal'),
    SaleData: { SaleTransactionID: { TransactionID: saleTransaction, TimeStamp: now.toISOString() } },
    POIData: { POITransactionID: poiTransaction(command, reply.reference, now) },
    ...(command.kind === 'refund' && { PaymentResult: { PaymentType: 'Refund' } }),
  };
}

function poiTransaction(command: TerminalCommand, reference: string | null, now: Date): TransactionId {
  const given = reference === null ? undefined : decodeReference(reference);
  return given ?? { TransactionID: transactionServiceId(command), TimeStamp: now.toISOString() };
}

/** One entry per group, of card payments (Debit) and refunds (Credit). */
function transactionTotals(group: TotalsGroup): TransactionTotals {
  const totals = (TransactionType: string, TransactionCount: number, amountMinor: number) => ({
    TransactionType,
    TransactionCount,
    TransactionAmount: requireNexoAmount(amountMinor, group.currency),
  });
  return {
    PaymentInstrumentType: 'Card',
    ...(group.poiId !== undefined && { POIID: group.poiId }),
    ...(group.operatorId !== undefined && { OperatorID: group.operatorId }),
    ...(group.shiftNumber !== undefined && { ShiftNumber: String(group.shiftNumber) }),
    PaymentCurrency: group.currency,
    PaymentTotals: [totals('Debit', group.debitCount, group.debitMinor), totals('Credit', group.creditCount, group.creditMinor)],
  };
}

/** A status query is about the payment it names; any other request is its own transaction. */
const transactionServiceId = (command: TerminalCommand): string => (command.kind === 'status' ? command.ofServiceId : command.serviceId);
