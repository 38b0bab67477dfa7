import { minorUnits, nonNegativeMinor, terminals } from '@tillwire/contracts';
import { z } from 'zod';
import type { DeviceEvent, TerminalCommand, TerminalReply } from '../vendor-adapter';

/**
 * Tillwire's own session protocol for its simulated terminal: one JSON object per WebSocket text
 * message, carrying the protocol-neutral command, reply or event as it is.
 *
 * gateway → terminal: `{"type":"command","serviceId":"S1","command":{"kind":"pay","serviceId":"S1",…}}`
 * terminal → gateway: `{"type":"reply","serviceId":"S1","reply":{"kind":"pay","outcome":"approved",…}}`
 *                     `{"type":"event","event":{"kind":"initialised"},"at":"2025-01-01T12:00:00.000Z"}`
 */
const serviceId = z.string().min(1).max(10);
const currency = z.string().length(3);
const amountMinor = nonNegativeMinor.min(1);

const terminalCommand = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('login'), serviceId }),
  z.object({
    kind: z.literal('pay'),
    serviceId,
    transactionId: z.string().min(1),
    amountMinor,
    currency,
    operatorId: z.string().optional(),
    shiftNumber: z.number().int().optional(),
  }),
  z.object({ kind: z.literal('status'), serviceId, ofServiceId: serviceId }),
  z.object({ kind: z.literal('abort'), serviceId, ofServiceId: serviceId, reason: z.string() }),
  z.object({ kind: z.literal('reverse'), serviceId, ofServiceId: serviceId, reference: z.string(), amountMinor, currency }),
  z.object({ kind: z.literal('refund'), serviceId, reference: z.string(), amountMinor, currency }),
  z.object({
    kind: z.literal('print'),
    serviceId,
    document: z.enum(['customer_receipt', 'sale_receipt']),
    lines: z.array(z.string()),
  }),
  z.object({ kind: z.literal('totals'), serviceId, groupBy: z.array(z.enum(['poi', 'operator', 'shift'])) }),
]) satisfies z.ZodType<TerminalCommand>;

const reference = z.string().nullable();
const reason = z.string().optional();
const payReply = z.object({ kind: z.literal('pay'), outcome: z.enum(['approved', 'declined', 'refused']), reference, reason });
const count = z.number().int().min(0);

const statusReply = z.discriminatedUnion('state', [
  z.object({ kind: z.literal('status'), state: z.enum(['in_progress', 'not_found']) }),
  z.object({ kind: z.literal('status'), state: z.literal('processed'), original: payReply }),
]);

const terminalReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('login'), ok: z.boolean(), detail: z.string().optional() }),
  payReply,
  statusReply,
  z.object({ kind: z.literal('reverse'), outcome: z.enum(['reversed', 'not_found', 'refused']), reference, reason }),
  z.object({ kind: z.literal('refund'), outcome: z.enum(['approved', 'declined', 'refused']), reference, reason }),
  z.object({ kind: z.literal('print'), outcome: z.enum(['printed', 'failed']), reason }),
  z.object({
    kind: z.literal('totals'),
    groups: z.array(
      z.object({
        poiId: z.string().optional(),
        operatorId: z.string().optional(),
        shiftNumber: z.number().int().optional(),
        currency,
        debitCount: count,
        debitMinor: minorUnits,
        creditCount: count,
        creditMinor: minorUnits,
      }),
    ),
  }),
]) satisfies z.ZodType<TerminalReply>;

const deviceEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('initialised') }),
  z.object({ kind: z.literal('shutdown') }),
  z.object({ kind: z.literal('out_of_order'), detail: z.string() }),
  z.object({ kind: z.literal('reject'), detail: z.string() }),
  z.object({ kind: z.literal('printed'), document: z.string() }),
]) satisfies z.ZodType<DeviceEvent>;

/** The command's own serviceId is the envelope's, so either may be read. */
export const commandMessage = z
  .object({ type: z.literal('command'), serviceId, command: terminalCommand })
  .refine((message) => message.command.serviceId === message.serviceId, 'command.serviceId differs from serviceId');

export const terminalMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), serviceId, reply: terminalReply }),
  z.object({ type: z.literal('event'), event: deviceEvent, at: z.iso.datetime({ offset: true }) }),
]);

/** What a vendor cloud posts for the simulator: one terminal's event, or several. */
const postedEvent = z.object({ terminalId: terminals.terminalId, event: deviceEvent });
export const vendorPost = z.preprocess((body) => (Array.isArray(body) ? body : [body]), z.array(postedEvent).min(1));

export type ParsedMessage<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: string };

/** Parses one message's text against `schema`; the reason names what was wrong with it. */
export function parseMessage<T>(text: string, schema: z.ZodType<T>): ParsedMessage<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}

/** Zod's issues on one line, each with where it is. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}
