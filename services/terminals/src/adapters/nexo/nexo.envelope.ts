import { z } from 'zod';
import { bodies, messageHeader, PROTOCOL_VERSION, type Body, type BodyKey, type MessageHeader } from './nexo.messages';

/** Who a message is between, and the ServiceID of the request it is, or answers. */
export interface Parties {
  readonly serviceId: string;
  readonly saleId: string;
  readonly poiId: string;
}

export type Message = { [K in BodyKey]: { readonly key: K; readonly header: MessageHeader; readonly body: Body<K> } }[BodyKey];
export type ReadMessage = { readonly ok: true; readonly message: Message } | { readonly ok: false; readonly reason: string };

const MESSAGE_TYPES = ['Request', 'Response', 'Notification'] as const;

/** The header of the message `key` between `parties`: its category and type are the key's two halves. */
export function headerOf(key: BodyKey, parties: Parties): MessageHeader {
  const type = MESSAGE_TYPES.find((t) => key.endsWith(t)) ?? 'Request';
  const category = key.slice(0, key.length - type.length) as MessageHeader['MessageCategory'];
  return {
    ProtocolVersion: PROTOCOL_VERSION,
    // nexo counts printing as a device service and notifications as events; the rest are services.
    MessageClass: category === 'Print' ? 'Device' : category === 'Event' ? 'Event' : 'Service',
    MessageCategory: category,
    MessageType: type,
    ServiceID: parties.serviceId,
    SaleID: parties.saleId,
    POIID: parties.poiId,
  };
}

/** Responses travel in SaleToPOIResponse; requests and notifications in SaleToPOIRequest. */
export function writeMessage<K extends BodyKey>(key: K, body: Body<K>, parties: Parties): string {
  const envelope = key.endsWith('Response') ? 'SaleToPOIResponse' : 'SaleToPOIRequest';
  return JSON.stringify({ [envelope]: { MessageHeader: headerOf(key, parties), [key]: body } });
}

const envelopeContent = z.looseObject({ MessageHeader: messageHeader });

/** Parses a message's text: its envelope, its header, and the body its header names. */
export function readMessage(text: string): ReadMessage {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  return readEnvelope(json);
}

/** Reads an already parsed message, as a vendor cloud posts them. */
export function readEnvelope(json: unknown): ReadMessage {
  const envelope = envelopeOf(json);
  if (!envelope) return { ok: false, reason: 'neither a SaleToPOIRequest nor a SaleToPOIResponse' };
  const content = envelopeContent.safeParse(envelope.content);
  if (!content.success) return { ok: false, reason: z.prettifyError(content.error) };
  const header = content.data.MessageHeader;
  const key = `${header.MessageCategory}${header.MessageType}`;
  if (envelope.isResponse !== (header.MessageType === 'Response')) {
    return { ok: false, reason: `a ${header.MessageType} does not travel in ${envelope.name}` };
  }
  if (!isBodyKey(key)) return { ok: false, reason: `${key} is not a message Tillwire exchanges` };
  const body = bodies[key].safeParse(content.data[key]);
  if (!body.success) return { ok: false, reason: `${key}: ${z.prettifyError(body.error)}` };
  return { ok: true, message: { key, header, body: body.data } as Message };
}

function envelopeOf(json: unknown): { name: string; isResponse: boolean; content: unknown } | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  if ('SaleToPOIResponse' in json) return { name: 'SaleToPOIResponse', isResponse: true, content: json.SaleToPOIResponse };
  if ('SaleToPOIRequest' in json) return { name: 'SaleToPOIRequest', isResponse: false, content: json.SaleToPOIRequest };
  return undefined;
}

const isBodyKey = (key: string): key is BodyKey => Object.hasOwn(bodies, key);
