import { describe, expect, it } from 'vitest';
import type { Terminal } from './card-terminal';
import { SIMULATOR_MEMORY_MS, simulatorTerminal } from './simulator.adapter';

const terminal: Terminal = {
  id: 'T1',
  name: 'Till',
  departmentCode: 'GROCERY',
  locationCode: 'MAIN',
  vendor: 'simulator',
  status: 'online',
  lastSeenAt: null,
};
const pay = { terminalId: 'T1', transactionId: 't', paymentId: 'p1', serviceId: 'S1', amountMinor: 1000, currency: 'EUR' };
const refund = { terminalId: 'T1', paymentId: 'p1', refundId: 'r1', reference: 'SIM-S1', amountMinor: 1000, currency: 'EUR' };

describe('simulator terminal', () => {
  it('keeps ServiceIDs per terminal', async () => {
    const sim = simulatorTerminal();
    await sim.pay(terminal, pay);
    expect(await sim.pay({ ...terminal, id: 'T2' }, { ...pay, terminalId: 'T2', amountMinor: 1051 })).toMatchObject({
      ok: true,
      result: { outcome: 'declined' },
    });
  });

  it('answers a repeated refund id with its first result and refuses it with other details', async () => {
    const sim = simulatorTerminal();
    await sim.pay(terminal, pay);
    const first = await sim.refund(terminal, refund);
    expect(first).toEqual({ ok: true, result: { outcome: 'approved', reference: 'SIMR-r1' } });
    expect(await sim.refund(terminal, refund)).toEqual(first);
    expect(await sim.refund(terminal, { ...refund, amountMinor: 1 })).toEqual({ ok: false, code: 'refund_id_reused' });
    // The payment is fully refunded, so a new refund id finds nothing left.
    expect(await sim.refund(terminal, { ...refund, refundId: 'r2', amountMinor: 1 })).toMatchObject({
      result: { outcome: 'declined', reason: 'exceeds_payment' },
    });
  });

  it('forgets a ServiceID after 48 hours, as nexo allows it to be used again', async () => {
    let now = 0;
    const sim = simulatorTerminal(() => now);
    await sim.pay(terminal, pay);
    now = SIMULATOR_MEMORY_MS;
    await sim.pay(terminal, { ...pay, serviceId: 'S2' });
    expect(await sim.pay(terminal, { ...pay, paymentId: 'p9' })).toMatchObject({ ok: true });
  });
});
