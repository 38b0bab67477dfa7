import type { terminals } from '@tillwire/contracts';
import type { MappedEvent, Vendor, VendorAdapter } from '../adapters/vendor-adapter';
import { terminalsErrors } from '../terminals.errors';
import { recordEvent } from './record-event';
import type { TerminalsDeps } from './terminals.deps';

/** What the vendor-events channel carries: one mapped event of one terminal. */
export interface VendorEventMessage {
  readonly vendor: Vendor;
  readonly terminalId: string;
  readonly event: MappedEvent;
}

/** A vendor cloud's post, mapped by its adapter; each event goes on the durable channel before the post is accepted. */
export async function acceptVendorPost(
  adapter: VendorAdapter,
  channel: { dispatch(message: VendorEventMessage): Promise<void> },
  body: unknown,
): Promise<{ accepted: number } | { invalid: string }> {
  const post = adapter.decodeVendorPost(body);
  if (!post.ok) return { invalid: post.reason };
  for (const { terminalId, event } of post.events) await channel.dispatch({ vendor: adapter.vendor, terminalId, event });
  return { accepted: post.events.length };
}

/**
 * The channel's handler. An event of a terminal the registry lacks, or of another vendor's terminal
 * (a vendor's certificate speaks for its own terminals only), fails and ends in the dead-letter queue.
 */
export async function recordVendorEvent(
  deps: Pick<TerminalsDeps, 'db' | 'terminals' | 'terminalEvents' | 'publishEvent'>,
  { vendor, terminalId, event }: VendorEventMessage,
): Promise<terminals.TerminalEvent> {
  const terminal = await deps.terminals.get(deps.db, terminalId);
  if (!terminal) throw terminalsErrors.terminalNotFound(terminalId);
  if (terminal.vendor !== vendor) throw terminalsErrors.otherVendor(terminalId, vendor);
  const recorded = await recordEvent(deps, terminalId, event.type, { ...event.payload });
  if (!recorded) throw terminalsErrors.terminalNotFound(terminalId);
  return recorded;
}
