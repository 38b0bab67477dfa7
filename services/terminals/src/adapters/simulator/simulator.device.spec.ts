import { describe, expect, it } from 'vitest';
import type { TerminalCommand } from '../vendor-adapter';
import { simulatorDevice } from './simulator.device';

const device = { terminalId: 'T1', saleId: 'TILLWIRE' };
const refund: TerminalCommand = { kind: 'refund', serviceId: 'F1', reference: 'SIM-S1', amountMinor: 300, currency: 'EUR' };
const message = (command: unknown, serviceId = 'F1') => JSON.stringify({ type: 'command', serviceId, command });

describe('simulatorDevice', () => {
  it('reads a command', () => {
    expect(simulatorDevice.decode(message(refund), device)).toEqual({ type: 'command', command: refund });
  });

  it('refuses a command whose serviceId is not the envelope’s, or that is not a command', () => {
    expect(simulatorDevice.decode(message(refund, 'F2'), device)).toMatchObject({ type: 'invalid', reason: expect.stringContaining('serviceId') });
    expect(simulatorDevice.decode(message({ ...refund, amountMinor: -1 }), device)).toMatchObject({ type: 'invalid' });
    expect(simulatorDevice.decode(message({ kind: 'dance', serviceId: 'F1' }), device)).toMatchObject({ type: 'invalid' });
    expect(simulatorDevice.decode('[]', device)).toMatchObject({ type: 'invalid' });
  });

  it('answers under the serviceId of the command it answers, and stamps events', () => {
    const reply = { kind: 'refund', outcome: 'approved', reference: 'SIMR-F1' } as const;
    expect(JSON.parse(simulatorDevice.encodeReply(refund, reply, device, new Date()))).toEqual({ type: 'reply', serviceId: 'F1', reply });
    const at = new Date('2025-03-01T10:00:00Z');
    expect(JSON.parse(simulatorDevice.encodeEvent({ kind: 'out_of_order', detail: 'lid open' }, device, at))).toEqual({
      type: 'event',
      event: { kind: 'out_of_order', detail: 'lid open' },
      at: '2025-03-01T10:00:00.000Z',
    });
  });
});
