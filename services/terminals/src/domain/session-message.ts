import type { terminals } from '@tillwire/contracts';

/** The events a terminal reports over its session; connected and disconnected are the listener's own. */
const REPORTED = ['error', 'ack', 'printed'] as const satisfies readonly terminals.TerminalEventType[];
type Reported = (typeof REPORTED)[number];

export type SessionMessage =
  | { readonly ok: true; readonly type: Reported; readonly payload: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

/** A session's message: a JSON object whose `type` is a reported event; the rest of it is the payload. */
export function parseSessionMessage(text: string): SessionMessage {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { ok: false, reason: 'not a JSON object' };
  const { type, ...payload } = message as Record<string, unknown>;
  if (!REPORTED.includes(type as Reported)) return { ok: false, reason: `unknown type ${JSON.stringify(type ?? null)}; expected error, ack or printed` };
  return { ok: true, type: type as Reported, payload };
}
