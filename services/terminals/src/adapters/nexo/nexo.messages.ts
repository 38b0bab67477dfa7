import { z } from 'zod';

/**
 * The nexo retailer (Sale to POI) messages Tillwire exchanges, in the JSON form the Adyen Terminal
 * API uses: `{"SaleToPOIRequest": {"MessageHeader": {…}, "PaymentRequest": {…}}}`, answered by
 * `{"SaleToPOIResponse": {"MessageHeader": {…}, "PaymentResponse": {…}}}`. Only the fields Tillwire
 * reads or must send are described; a vendor's other fields pass unread.
 */
export const PROTOCOL_VERSION = '3.0';

const text = z.string().min(1);
export const serviceId = z.string().min(1).max(10);
/** nexo ISODateTime: terminals send UTC, an offset or local time. */
const timeStamp = z.iso.datetime({ offset: true, local: true });
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
/** A decimal in major units (see nexo.amount.ts). */
const amount = z.number().min(0).max(99999999.999999);
/** Text in nexo; some terminals send a number. Tillwire's shift numbers are whole numbers. */
const shiftNumber = z.union([z.string().regex(/^\d{1,9}$/, 'a whole number'), z.number().int().min(0)]);

const messageCategory = z.enum(['Login', 'Payment', 'TransactionStatus', 'Abort', 'Reversal', 'GetTotals', 'Print', 'Event']);

/** Requests and responses need a ServiceID; a notification's is the terminal's own and nothing relies on it. */
export const messageHeader = z.object({
  ProtocolVersion: z.string().optional(),
  MessageClass: z.enum(['Service', 'Device', 'Event']),
  MessageCategory: messageCategory,
  MessageType: z.enum(['Request', 'Response', 'Notification']),
  ServiceID: serviceId.optional(),
  SaleID: text,
  POIID: text,
});
export type MessageHeader = z.infer<typeof messageHeader>;

/** ErrorCondition (Refusal, Aborted, NotFound, InProgress, MessageFormat …) is open: vendors add their own. */
const response = z.object({
  Result: z.enum(['Success', 'Failure', 'Partial']),
  ErrorCondition: text.optional(),
  AdditionalResponse: text.optional(),
});
export type NexoResponse = z.infer<typeof response>;

/** Names a transaction: a sale system's (SaleTransactionID) or a terminal's (POITransactionID). */
export const transactionId = z.object({ TransactionID: text, TimeStamp: timeStamp });
export type TransactionId = z.infer<typeof transactionId>;

const saleData = z.object({
  SaleTransactionID: transactionId,
  OperatorID: text.optional(),
  ShiftNumber: shiftNumber.optional(),
  SaleToAcquirerData: text.optional(),
});
const originalPoiTransaction = z.object({ POIID: text.optional(), POITransactionID: transactionId });
const messageReference = z.object({
  MessageCategory: messageCategory,
  ServiceID: serviceId,
  SaleID: text.optional(),
  POIID: text.optional(),
});
const poiData = z.object({ POITransactionID: transactionId });

const loginRequest = z.object({
  DateTime: timeStamp,
  SaleSoftware: z.object({ ManufacturerID: text, ApplicationName: text, SoftwareVersion: text, CertificationCode: text }),
  OperatorLanguage: z.string().regex(/^[a-z]{2}$/),
});
const loginResponse = z.object({ Response: response });

/** A payment, or (PaymentType Refund) a refund of the payment OriginalPOITransaction names. */
const paymentRequest = z.object({
  SaleData: saleData,
  PaymentTransaction: z.object({
    AmountsReq: z.object({ Currency: currency, RequestedAmount: amount }),
    OriginalPOITransaction: originalPoiTransaction.optional(),
  }),
  PaymentData: z.object({ PaymentType: z.enum(['Normal', 'Refund']).optional() }).optional(),
});
/** POIData names the approved transaction; PaymentResult.PaymentType tells a refund's answer from a payment's. */
export const paymentResponse = z.object({
  Response: response,
  SaleData: saleData.optional(),
  POIData: poiData.optional(),
  PaymentResult: z.object({ PaymentType: text.optional() }).optional(),
});
export type PaymentResponse = z.infer<typeof paymentResponse>;

const transactionStatusRequest = z.object({ MessageReference: messageReference });
/** Success carries the original answer; Failure says InProgress or NotFound. */
const transactionStatusResponse = z.object({
  Response: response,
  RepeatedMessageResponse: z
    .object({ MessageHeader: messageHeader, RepeatedResponseMessageBody: z.object({ PaymentResponse: paymentResponse }) })
    .optional(),
});

const abortRequest = z.object({ MessageReference: messageReference, AbortReason: text });

/**
 * ReversedAmount and SaleData are optional in nexo (the amount defaults to the authorised one);
 * Tillwire always sends both, and the currency as `currency=EUR` in SaleData.SaleToAcquirerData,
 * since ReversedAmount has none of its own.
 */
const reversalRequest = z.object({
  OriginalPOITransaction: originalPoiTransaction,
  ReversalReason: text,
  ReversedAmount: amount,
  SaleData: saleData,
});
const reversalResponse = z.object({ Response: response, POIData: poiData.optional() });

const totalDetail = z.enum(['POIID', 'OperatorID', 'ShiftNumber']);
const getTotalsRequest = z.object({ TotalDetails: z.array(totalDetail) });
const paymentTotals = z.object({ TransactionType: text, TransactionCount: z.number().int().min(0), TransactionAmount: amount });
const transactionTotals = z.object({
  PaymentInstrumentType: text.optional(),
  POIID: text.optional(),
  OperatorID: text.optional(),
  ShiftNumber: shiftNumber.optional(),
  PaymentCurrency: currency,
  PaymentTotals: z.array(paymentTotals).optional(),
});
export type TransactionTotals = z.infer<typeof transactionTotals>;
const getTotalsResponse = z.object({
  Response: response,
  POIReconciliationID: z.number().int().optional(),
  TransactionTotals: z.array(transactionTotals).optional(),
});

const documentQualifier = z.enum(['CustomerReceipt', 'SaleReceipt']);
const printRequest = z.object({
  PrintOutput: z.object({
    DocumentQualifier: documentQualifier,
    ResponseMode: z.literal('PrintEnd'),
    OutputContent: z.object({ OutputFormat: z.literal('Text'), OutputText: z.array(z.object({ Text: z.string() })) }),
  }),
});
const printResponse = z.object({ DocumentQualifier: text, Response: response });

/** EventToNotify is open: Initialised, Shutdown, OutOfOrder, Reject, BeginMaintenance, EndMaintenance … */
const eventNotification = z.object({ TimeStamp: timeStamp, EventToNotify: text, EventDetails: text.optional() });

/** The message bodies, by the key they travel under: MessageCategory followed by MessageType. */
export const bodies = {
  LoginRequest: loginRequest,
  LoginResponse: loginResponse,
  PaymentRequest: paymentRequest,
  PaymentResponse: paymentResponse,
  TransactionStatusRequest: transactionStatusRequest,
  TransactionStatusResponse: transactionStatusResponse,
  AbortRequest: abortRequest,
  ReversalRequest: reversalRequest,
  ReversalResponse: reversalResponse,
  GetTotalsRequest: getTotalsRequest,
  GetTotalsResponse: getTotalsResponse,
  PrintRequest: printRequest,
  PrintResponse: printResponse,
  EventNotification: eventNotification,
} as const;
export type BodyKey = keyof typeof bodies;
export type Body<K extends BodyKey> = z.infer<(typeof bodies)[K]>;
