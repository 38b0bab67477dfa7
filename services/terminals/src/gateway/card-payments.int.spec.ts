import { randomUUID } from 'node:crypto';
import { deadLetters, departments, terminals, transactions } from '@tillwire/contracts';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import type { ServiceBroker } from 'moleculer';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vendor } from '../adapters/vendor-adapter';
import type { Behaviour } from '../simulator-device/device-behaviour';
import { connectSimulator as connect } from '../simulator-device/connect-simulator';
import type { TerminalSimulator } from '../simulator-device/terminal-simulator';

const { TerminalsActions: T } = terminals;
/** Terminal calls wait for the terminal; the broker's default timeout would cut them short. */
const CALL = { timeout: 20_000 };

describe('card payments through the terminal gateway, exactly once', () => {
  let node: TestNode;
  const simulators: TerminalSimulator[] = [];
  let sequence = 0;

  beforeAll(async () => {
    node = await startTestNode(['departments', 'inventory', 'terminals'], {
      // Short timeouts, so lost answers and silent terminals show within the test.
      TERMINAL_PAYMENT_TIMEOUT_SECONDS: '1',
      TERMINAL_COMMAND_TIMEOUT_SECONDS: '1',
      CHANNEL_MAX_RETRIES: '3',
      CHANNEL_RETRY_BASE_MS: '50',
    });
    await node.database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
    await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
  });
  afterAll(async () => {
    await Promise.all(simulators.map((s) => s.close()));
    await node?.stop();
  });

  /** A registered terminal; with a behaviour, a simulated terminal connected for it over mTLS. */
  async function terminal(vendor: Vendor, behaviour?: Behaviour): Promise<{ id: string; device?: TerminalSimulator }> {
    const id = `T${++sequence}`;
    await node.broker.call(T.create, { id, name: `Till ${id}`, departmentCode: 'GROCERY', vendor });
    if (!behaviour) return { id };
    const device = await connect(node.broker, id, vendor, behaviour);
    simulators.push(device);
    await expect.poll(() => sessionNode(id)).toBe(node.broker.nodeID);
    return { id, device };
  }

  const sessionNode = async (id: string) =>
    (await node.database.db.sql.query<{ node: string | null }>('SELECT session_node AS node FROM terminals.terminals WHERE id = $1', [id]))[0]?.node;
  const pay = (terminalId: string, serviceId: string, amountMinor = 1250) =>
    node.broker.call<terminals.PayResult, object>(
      T.pay,
      { terminalId, transactionId: randomUUID(), paymentId: randomUUID(), serviceId, amountMinor, currency: 'EUR' },
      CALL,
    );
  const command = async (terminalId: string, serviceId: string) =>
    (
      await node.database.db.sql.query<{ state: string; failure: string | null }>(
        'SELECT state, failure FROM terminals.commands WHERE terminal_id = $1 AND service_id = $2',
        [terminalId, serviceId],
      )
    )[0];

  describe.each(['simulator', 'nexo'] as const)('on a %s terminal', (vendor) => {
    it('approves once, answering repeats (racing ones too) with the first answer', async () => {
      const { id, device } = await terminal(vendor, 'approve');
      const request = { terminalId: id, transactionId: randomUUID(), paymentId: randomUUID(), serviceId: 'A1', amountMinor: 1250, currency: 'EUR' };
      const answers = await Promise.all(Array.from({ length: 5 }, () => node.broker.call<terminals.PayResult, object>(T.pay, request, CALL)));
      expect(answers[0]).toMatchObject({ outcome: 'approved', reference: expect.any(String) });
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(device!.ledger()).toEqual([expect.objectContaining({ serviceId: 'A1', amountMinor: 1250, state: 'approved' })]);
      await expect(node.broker.call(T.pay, { ...request, amountMinor: 999 }, CALL)).rejects.toMatchObject({ type: 'invalid_state' });
    });

    it('declines amounts ending in 51 as an answer, not an error', async () => {
      const { id, device } = await terminal(vendor, 'approve');
      expect(await pay(id, 'D1', 1051)).toEqual({ outcome: 'declined', reference: null, reason: 'card_declined' });
      expect(device!.approvedCount()).toBe(0);
    });

    it('recovers a dropped answer by a status query: one charge', async () => {
      const { id, device } = await terminal(vendor, 'drop-response');
      expect(await pay(id, 'DR1')).toMatchObject({ outcome: 'approved' });
      expect(device!.approvedCount()).toBe(1);
      expect(await command(id, 'DR1')).toEqual({ state: 'answered', failure: null });
    });

    it('recovers a payment whose terminal hung up before answering, once it is back: one charge', async () => {
      const { id, device } = await terminal(vendor, 'disconnect-mid-payment');
      expect(await pay(id, 'DC1')).toMatchObject({ outcome: 'approved' });
      expect(device!.ledger()).toEqual([expect.objectContaining({ serviceId: 'DC1', state: 'approved' })]);
    });

    it('reports a payment the terminal never saw as failed (not found), so a new attempt may start', async () => {
      const { id, device } = await terminal(vendor, 'timeout');
      expect(await pay(id, 'TO1')).toEqual({ outcome: 'failed', reference: null, reason: 'not_found' });
      expect(device!.ledger()).toEqual([]);
      expect(await command(id, 'TO1')).toEqual({ state: 'failed', failure: 'not_found' });
    });

    it('reverses an approved payment, and finds nothing to reverse under an unknown ServiceID', async () => {
      const { id, device } = await terminal(vendor, 'approve');
      await pay(id, 'RV1');
      const reverse = (serviceId: string) => node.broker.call(T.reverse, { terminalId: id, paymentId: randomUUID(), serviceId }, CALL);
      expect(await reverse('RV1')).toMatchObject({ outcome: 'reversed' });
      expect(await reverse('RV1')).toMatchObject({ outcome: 'reversed' });
      expect(device!.ledger()).toEqual([expect.objectContaining({ serviceId: 'RV1', state: 'reversed' })]);
      expect(await reverse('NEVER')).toEqual({ outcome: 'not_found', reference: null });
    });

    it('refunds part of a payment once per refund id, and reports its totals', async () => {
      const { id, device } = await terminal(vendor, 'approve');
      const paid = await pay(id, 'RF1', 5000);
      const refund = { terminalId: id, paymentId: randomUUID(), refundId: randomUUID(), reference: paid.reference!, amountMinor: 1500, currency: 'EUR' };
      expect(await node.broker.call(T.refund, refund, CALL)).toMatchObject({ outcome: 'approved' });
      expect(await node.broker.call(T.refund, refund, CALL)).toMatchObject({ outcome: 'approved' });
      expect(device!.ledger()).toEqual([expect.objectContaining({ serviceId: 'RF1', refundedMinor: 1500 })]);
      const totals = await node.broker.call<{ groups: z.infer<typeof terminals.totalsGroup>[] }, object>(T.totals, { terminalId: id }, CALL);
      expect(totals.groups).toEqual([expect.objectContaining({ currency: 'EUR', debitCount: 1, debitMinor: 5000, creditCount: 1, creditMinor: 1500 })]);
    });
  });

  it('refuses a payment on an unregistered terminal with not_found, storing nothing', async () => {
    await expect(pay('NOPE', 'NF1')).rejects.toMatchObject({ type: 'not_found' });
    expect(await command('NOPE', 'NF1')).toBeUndefined();
  });

  it('fails a payment to a terminal without a session as undeliverable, and a replay of its dead letter never charges', async () => {
    const { id } = await terminal('simulator');
    expect(await pay(id, 'OFF1')).toEqual({ outcome: 'failed', reference: null, reason: 'undeliverable' });
    const letter = await deadLetterOf(node.broker, terminals.TerminalsChannels.commands, (payload) => payload.serviceId === 'OFF1');
    expect(letter).toMatchObject({ attempts: 3, reason: expect.stringContaining('terminal_unavailable') });

    const device = await connect(node.broker, id, 'simulator', 'approve');
    simulators.push(device);
    await expect.poll(() => sessionNode(id)).toBe(node.broker.nodeID);
    await node.broker.call(deadLetters.DeadLettersActions.replay, { id: letter.id });
    expect(await command(id, 'OFF1')).toEqual({ state: 'failed', failure: 'undeliverable' });
    expect(device.ledger()).toEqual([]);
  });

  it("prints a card sale's receipt on its terminal: dead-lettered while the terminal is away, printed once on replay", async () => {
    const { id } = await terminal('simulator');
    const sale: transactions.TransactionCompletedEvent = {
      transactionId: randomUUID(),
      receiptNumber: 42,
      terminalId: id,
      departmentCode: 'GROCERY',
      customerId: null,
      totalMinor: 1250,
      payments: [{ method: 'card', amountMinor: 1250 }],
    };
    await (node.broker as unknown as { sendToChannel(channel: string, payload: object): Promise<void> }).sendToChannel(
      transactions.TransactionChannels.completed,
      sale,
    );
    const letter = await deadLetterOf(node.broker, terminals.TerminalsChannels.commands, (payload) => payload.kind === 'print' && payload.terminalId === id);

    const device = await connect(node.broker, id, 'simulator', 'approve');
    simulators.push(device);
    await expect.poll(() => sessionNode(id)).toBe(node.broker.nodeID);
    await node.broker.call(deadLetters.DeadLettersActions.replay, { id: letter.id });
    const printed = async () =>
      (await node.broker.call<{ events: terminals.TerminalEvent[] }, object>(T.listEvents, { terminalId: id })).events.filter((e) => e.type === 'printed');
    await expect.poll(async () => (await printed()).length).toBe(1);
    await expect(node.broker.call(deadLetters.DeadLettersActions.replay, { id: letter.id })).rejects.toMatchObject({ type: 'invalid_state' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await printed()).toHaveLength(1);
  });
});

async function deadLetterOf(
  broker: ServiceBroker,
  channel: string,
  matches: (payload: Record<string, unknown>) => boolean,
): Promise<deadLetters.DeadLetter> {
  let found: deadLetters.DeadLetter | undefined;
  await expect
    .poll(async () => {
      const { deadLetters: letters } = await broker.call<{ deadLetters: deadLetters.DeadLetter[] }, object>(
        deadLetters.DeadLettersActions.list,
        { channel, status: 'dead' },
      );
      found = letters.find((l) => matches(l.payload as Record<string, unknown>));
      return found !== undefined;
    }, { timeout: 10_000 })
    .toBe(true);
  return found!;
}
