import type { DeviceCodec } from '../vendor-adapter';
import { commandMessage, parseMessage } from './simulator.protocol';

/** The terminal's side of the simulator protocol, for Tillwire's terminal simulator. */
export const simulatorDevice: DeviceCodec = {
  vendor: 'simulator',

  decode(text) {
    const parsed = parseMessage(text, commandMessage);
    return parsed.ok ? { type: 'command', command: parsed.message.command } : { type: 'invalid', reason: parsed.reason };
  },

  encodeReply: (command, reply) => JSON.stringify({ type: 'reply', serviceId: command.serviceId, reply }),

  encodeEvent: (event, _device, now) => JSON.stringify({ type: 'event', event, at: now.toISOString() }),
};
