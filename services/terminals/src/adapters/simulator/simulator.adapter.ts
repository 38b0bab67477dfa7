import type { DeviceEvent, MappedEvent, VendorAdapter } from '../vendor-adapter';
import { describeIssues, parseMessage, terminalMessage, vendorPost } from './simulator.protocol';

/** The gateway's side of the simulator protocol (see simulator.protocol.ts). */
export const simulatorAdapter: VendorAdapter = {
  vendor: 'simulator',

  expectsReply: (kind) => kind !== 'abort',

  encode: (command) => JSON.stringify({ type: 'command', serviceId: command.serviceId, command }),

  decode(text) {
    const parsed = parseMessage(text, terminalMessage);
    if (!parsed.ok) return { type: 'invalid', reason: parsed.reason };
    const { message } = parsed;
    return message.type === 'reply'
      ? { type: 'reply', serviceId: message.serviceId, reply: message.reply }
      : { type: 'event', event: mapDeviceEvent(message.event) };
  },

  decodeVendorPost(body) {
    const parsed = vendorPost.safeParse(body);
    if (!parsed.success) return { ok: false, reason: describeIssues(parsed.error) };
    return { ok: true, events: parsed.data.map(({ terminalId, event }) => ({ terminalId, event: mapDeviceEvent(event) })) };
  },
};

/** The simulator names its events as DeviceEvent does; those names are its vendor events. */
function mapDeviceEvent(event: DeviceEvent): MappedEvent {
  switch (event.kind) {
    case 'initialised':
      return { type: 'ack', payload: { vendorEvent: event.kind } };
    case 'printed':
      return { type: 'printed', payload: { vendorEvent: event.kind, detail: event.document } };
    case 'shutdown':
      return { type: 'error', payload: { vendorEvent: event.kind } };
    case 'out_of_order':
    case 'reject':
      return { type: 'error', payload: { vendorEvent: event.kind, detail: event.detail } };
  }
}
