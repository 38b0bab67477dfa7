import { randomUUID } from 'node:crypto';
import { deadLetters, inventory, terminals, transactions } from '@tillwire/contracts';
import { parseConfig } from '@tillwire/platform';
import { startTelemetry, type Telemetry } from '@tillwire/platform/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startHealthServer, type HealthServer } from '../../libs/platform/src/runner/health-server';
import { inMinutes, seedProduct, startInventoryNode } from '../../services/inventory/src/testing/inventory-test-node';
import { connectSimulator } from '../../services/terminals/src/simulator-device/connect-simulator';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';

const { TerminalsActions: T } = terminals;

let telemetry: Telemetry;
let api: CheckoutPlatform;
let health: HealthServer;

beforeAll(async () => {
  // Before the services load, as the runner does, so their instruments are made on this provider.
  telemetry = startTelemetry(parseConfig({}), 'service-metrics-test');
  // No simulated fleet: the test connects the terminals it counts. Commands dead-letter within the test.
  api = await startCheckoutPlatform({ TERMINAL_SIMULATORS: 'off', CHANNEL_MAX_RETRIES: '2', CHANNEL_RETRY_BASE_MS: '10' });
  // The node's health endpoint, as `tillwire node` serves it with NODE_HEALTH_PORT.
  health = await startHealthServer(api.node.broker, { host: '127.0.0.1', port: 0 });
}, 120_000);
afterAll(async () => {
  await health?.close();
  await api?.stop();
  await telemetry?.shutdown();
});

/** The node's metrics, read as Prometheus scrapes them: over HTTP from its health endpoint. */
async function scrape(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${health.port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The values of `name`'s samples whose labels include `labels`. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  return text.split('\n').flatMap((line) => {
    const [, sample, labelText = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line) ?? [];
    if (sample !== name) return [];
    const found = new Map([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    return Object.entries(labels).every(([key, wanted]) => found.get(key) === wanted) ? [Number(value)] : [];
  });
}

const total = (text: string, name: string, labels: Record<string, string> = {}) => samples(text, name, labels).reduce((a, b) => a + b, 0);

describe('the node health endpoint', () => {
  it("answers GET /metrics with the process's metrics in Prometheus text format", async () => {
    const response = await fetch(`http://127.0.0.1:${health.port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^# HELP tillwire_terminal_listener_online_terminals /m);
    expect(text).toMatch(/^# TYPE tillwire_dead_letter_queue_depth gauge$/m);
    // The probes answer beside it; anything else is not found.
    expect((await fetch(`http://127.0.0.1:${health.port}/livez`)).status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${health.port}/stats`)).json()).toEqual({
      error: { code: 'not_found', message: 'GET /livez, /readyz or /metrics' },
    });
  });
});

describe('transactions by status', () => {
  const STATUSES = ['pending', 'reserved', 'completing', 'completed', 'failed'] as const;
  const byStatus = async () => {
    const text = await scrape();
    return Object.fromEntries(
      STATUSES.map((status) => [status, total(text, 'tillwire_transaction_status_changes_total', { tillwire_transaction_status: status })]),
    );
  };

  it('counts each status a checkout reaches once, and nothing for a replayed request', async () => {
    const before = await byStatus();
    const created = await api.post<{ id: string; totals: { totalMinor: number } }>('/pos/transactions', {
      terminalId: 'T1',
      lines: [{ sku: 'GRO-001', quantity: 1 }],
    });
    expect(created.status).toBe(201);
    const key = randomUUID();
    const payments = { payments: [{ method: 'cash', amountMinor: created.body.totals.totalMinor }] };
    const completed = await api.post(`/pos/transactions/${created.body.id}/complete`, payments, key);
    expect(completed).toMatchObject({ status: 200, body: { status: 'completed' } });
    // The same request again answers the first response; completing it anew answers it as it is.
    expect((await api.post(`/pos/transactions/${created.body.id}/complete`, payments, key)).text).toBe(completed.text);
    expect((await api.post(`/pos/transactions/${created.body.id}/complete`, payments)).status).toBe(200);
    // Not enough stock: the reservation fails and the saga marks the transaction failed.
    const refused = await api.post('/pos/transactions', { terminalId: 'T1', lines: [{ sku: 'GRO-002', quantity: 999 }] });
    expect(refused.status).toBe(422);

    const after = await byStatus();
    expect(STATUSES.map((status) => after[status]! - before[status]!)).toEqual([2, 1, 1, 1, 1]);
  });
});

describe('inventory', () => {
  it('counts the conditional stock updates that lost a race on the version, as the nodes tally them', async () => {
    const conflicts = async () => total(await scrape(), 'tillwire_inventory_version_conflicts_total');
    const before = await conflicts();
    // Two more inventory nodes on the platform's database: each queues its own writers to a row, so
    // their writes race each other's on the one hot SKU.
    const nodes = await Promise.all([1, 2].map(() => startInventoryNode({}, api.node.database)));
    try {
      await seedProduct(api.node.database.db.sql, { sku: 'MET-HOT', onHand: 1_000 });
      const lost = () => nodes.reduce((sum, node) => sum + node.attempts.snapshot().conflicts, 0);
      // A race is lost in the first round all but always; a few more make the test sure of one.
      for (let round = 0; round < 10 && lost() === 0; round++) {
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            nodes[i % 2]!.broker.call(inventory.InventoryActions.reserve, {
              transactionId: randomUUID(),
              locationCode: 'MAIN',
              lines: [{ sku: 'MET-HOT', quantity: 1 }],
              expiresAt: inMinutes(15),
            }),
          ),
        );
      }
      expect(lost()).toBeGreaterThan(0);
      expect((await conflicts()) - before).toBe(lost());
      expect(total(await scrape(), 'tillwire_inventory_version_conflicts_total', { tillwire_inventory_change_outcome: 'contention' })).toBe(0);
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });

  it('reports the mismatches the last consistency check found', async () => {
    const sql = api.node.database.db.sql;
    const check = () => api.node.broker.call<{ mismatches: Array<{ sku: string }> }, object>(inventory.InventoryActions.checkConsistency, {});
    const mismatches = async () => samples(await scrape(), 'tillwire_inventory_mismatches');

    await sql.execute(`UPDATE inventory.stock_levels SET on_hand = on_hand + 5 WHERE sku = 'GRO-003' AND location_code = 'MAIN'`);
    expect((await check()).mismatches.map((m) => m.sku)).toEqual(['GRO-003']);
    expect(await mismatches()).toEqual([1]);

    await sql.execute(`UPDATE inventory.stock_levels SET on_hand = on_hand - 5 WHERE sku = 'GRO-003' AND location_code = 'MAIN'`);
    expect((await check()).mismatches).toEqual([]);
    expect(await mismatches()).toEqual([0]);
  });
});

describe('dead letters', () => {
  it('shows the letters waiting per channel, and 0 once they are dealt with', async () => {
    const channel = terminals.TerminalsChannels.commands;
    const depth = async () => samples(await scrape(), 'tillwire_dead_letter_queue_depth', { messaging_destination_name: channel });
    const dead = async () =>
      (await api.node.broker.call<{ deadLetters: deadLetters.DeadLetter[] }, object>(deadLetters.DeadLettersActions.list, { channel, status: 'dead' }))
        .deadLetters;
    expect(await dead()).toEqual([]);

    // A card sale on a terminal that is not connected: its receipt print is retried, then dead-lettered.
    const sale: transactions.TransactionCompletedEvent = {
      transactionId: randomUUID(),
      receiptNumber: 1,
      terminalId: 'T2',
      departmentCode: 'GROCERY',
      customerId: null,
      totalMinor: 250,
      payments: [{ method: 'card', amountMinor: 250 }],
    };
    await (api.node.broker as unknown as { sendToChannel(channel: string, payload: object): Promise<void> }).sendToChannel(
      transactions.TransactionChannels.completed,
      sale,
    );
    await expect.poll(async () => (await dead()).length, { timeout: 10_000 }).toBe(1);
    expect(await depth()).toEqual([1]);

    const [letter] = await dead();
    await api.node.broker.call(deadLetters.DeadLettersActions.discard, { id: letter!.id, reason: 'test' });
    expect(await depth()).toEqual([0]);
  });
});

describe('the terminal listener', () => {
  const online = async () => samples(await scrape(), 'tillwire_terminal_listener_online_terminals');
  const rejections = async (reason: string) =>
    total(await scrape(), 'tillwire_terminal_listener_rejections_total', { tillwire_terminal_rejection_reason: reason });

  it('counts the terminals connected to it', async () => {
    expect(await online()).toEqual([0]);
    const device = await connectSimulator(api.node.broker, 'T1', 'simulator', 'approve');
    try {
      expect(await online()).toEqual([1]);
    } finally {
      await device.close();
    }
    await expect.poll(online).toEqual([0]);
  });

  it('counts the connections it refuses, by reason', async () => {
    const before = { revoked: await rejections('revoked'), none: await rejections('no_certificate') };
    const issued = await api.node.broker.call<terminals.IssuedCertificate, object>(T.issueCertificate, { terminalId: 'T2' });
    await api.node.broker.call(T.revokeCertificate, { terminalId: 'T2', serialNumber: issued.certificate.serialNumber, reason: 'lost' });

    expect(await opens('T2', { cert: issued.certificate.certificatePem, key: issued.privateKeyPem! })).toBe(false);
    expect(await opens('T2')).toBe(false);
    await expect.poll(() => rejections('revoked')).toBe(before.revoked + 1);
    await expect.poll(() => rejections('no_certificate')).toBe(before.none + 1);
  });
});

/** Whether a session of `terminalId` opens on the listener with these credentials (none: no client certificate). */
async function opens(terminalId: string, credentials?: { cert: string; key: string }): Promise<boolean> {
  const { address } = await api.node.broker.call<terminals.ListenerStats, object>(T.listenerStats, {});
  const { certificatePem: ca } = await api.node.broker.call<{ certificatePem: string }, object>(T.caCertificate, {});
  const socket = new WebSocket(`wss://127.0.0.1:${address!.port}/terminals/${terminalId}/session`, { ca, ...credentials });
  return new Promise((resolve) => {
    socket.once('open', () => {
      socket.close();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
