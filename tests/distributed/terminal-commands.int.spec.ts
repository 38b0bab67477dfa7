import { randomUUID } from 'node:crypto';
import { deadLetters, departments, terminals, transactions } from '@tillwire/contracts';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSimulator } from '../../services/terminals/src/simulator-device/connect-simulator';
import type { TerminalSimulator } from '../../services/terminals/src/simulator-device/terminal-simulator';
import { startTestNode, testEnvironment, type TestNode } from '../../libs/platform/src/testing/index';
import { distributedEnv, uniqueNamespace } from './distributed-env';

const { TerminalsActions: T } = terminals;
const MAX_RETRIES = 3;

/**
 * Terminal commands on real NATS JetStream: a command whose terminal stays away is retried, then
 * becomes a dead letter; once the terminal is back, a replay delivers it exactly once.
 */
describe('terminal commands over JetStream', () => {
  const namespace = uniqueNamespace();
  let node: TestNode;
  let nats: NatsConnection;
  let device: TerminalSimulator | undefined;

  beforeAll(async () => {
    node = await startTestNode(
      ['departments', 'inventory', 'terminals'],
      distributedEnv(namespace, { CHANNEL_MAX_RETRIES: String(MAX_RETRIES), CHANNEL_RETRY_BASE_MS: '100' }),
    );
    await node.database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
    await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
    await node.broker.call(T.create, { id: 'J1', name: 'Till J1', departmentCode: 'GROCERY', vendor: 'nexo' });
    nats = await connect({ servers: new URL(testEnvironment.natsUrl).host });
  }, 60_000);

  afterAll(async () => {
    await device?.close();
    await node?.stop();
    // The channels' streams carry the namespace: this run's own.
    const jsm = await nats?.jetstreamManager();
    for await (const stream of jsm?.streams.list() ?? []) {
      if (stream.config.name.startsWith(namespace.split('.').join('_'))) await jsm!.streams.delete(stream.config.name);
    }
    await nats?.close();
  });

  it('dead-letters a receipt print for a terminal that stays away, and prints it once on replay', async () => {
    const sale: transactions.TransactionCompletedEvent = {
      transactionId: randomUUID(),
      receiptNumber: 7,
      terminalId: 'J1',
      departmentCode: 'GROCERY',
      customerId: null,
      totalMinor: 990,
      payments: [{ method: 'card', amountMinor: 990 }],
    };
    await (node.broker as unknown as { sendToChannel(channel: string, payload: object): Promise<void> }).sendToChannel(
      transactions.TransactionChannels.completed,
      sale,
    );
    const dead = async () =>
      (
        await node.broker.call<{ deadLetters: deadLetters.DeadLetter[] }, object>(deadLetters.DeadLettersActions.list, {
          channel: terminals.TerminalsChannels.commands,
          status: 'dead',
        })
      ).deadLetters;
    await expect.poll(async () => (await dead()).length, { timeout: 15_000 }).toBe(1);
    const [letter] = await dead();
    expect(letter).toMatchObject({ attempts: MAX_RETRIES, payload: { terminalId: 'J1', kind: 'print' }, reason: expect.stringContaining('no open session') });

    device = await connectSimulator(node.broker, 'J1', 'nexo', 'approve');
    await expect.poll(() => sessionNode(node), { timeout: 10_000 }).toBe(node.broker.nodeID);
    await node.broker.call(deadLetters.DeadLettersActions.replay, { id: letter!.id });
    const prints = async () =>
      (await node.broker.call<{ events: terminals.TerminalEvent[] }, object>(T.listEvents, { terminalId: 'J1' })).events.filter(
        (e) => e.type === 'printed',
      ).length;
    await expect.poll(prints, { timeout: 10_000 }).toBe(1);
    await expect(node.broker.call(deadLetters.DeadLettersActions.replay, { id: letter!.id })).rejects.toMatchObject({ type: 'invalid_state' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await prints()).toBe(1);
  });
});

async function sessionNode(node: TestNode): Promise<string | null | undefined> {
  const [row] = await node.database.db.sql.query<{ node: string | null }>("SELECT session_node AS node FROM terminals.terminals WHERE id = 'J1'");
  return row?.node;
}
