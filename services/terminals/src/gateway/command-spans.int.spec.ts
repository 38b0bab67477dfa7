import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { departments, terminals } from '@tillwire/contracts';
import { parseConfig } from '@tillwire/platform';
import { spanRing, startTelemetry, type SpanRecord, type Telemetry } from '@tillwire/platform/telemetry';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { Vendor } from '../adapters/vendor-adapter';
import type { Behaviour } from '../simulator-device/device-behaviour';
import { connectSimulator } from '../simulator-device/connect-simulator';
import type { TerminalSimulator } from '../simulator-device/terminal-simulator';

const { TerminalsActions: T } = terminals;
const CALL = { timeout: 20_000 };

let telemetry: Telemetry;
let node: TestNode;
const simulators: TerminalSimulator[] = [];
let sequence = 0;

beforeAll(async () => {
  telemetry = startTelemetry(parseConfig({}), 'command-spans-test');
  // Short timeouts, so a dropped answer is asked about within the test.
  node = await startTestNode(['departments', 'inventory', 'terminals'], {
    TERMINAL_PAYMENT_TIMEOUT_SECONDS: '1',
    TERMINAL_COMMAND_TIMEOUT_SECONDS: '1',
  });
  await node.database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
  await node.broker.call(departments.DepartmentsActions.create, { code: 'GROCERY', name: 'Grocery' });
});
afterAll(async () => {
  await Promise.all(simulators.map((s) => s.close()));
  await node?.stop();
  await telemetry?.shutdown();
});

async function connectedTerminal(vendor: Vendor, behaviour: Behaviour): Promise<string> {
  const id = `S${++sequence}`;
  await node.broker.call(T.create, { id, name: `Till ${id}`, departmentCode: 'GROCERY', vendor });
  simulators.push(await connectSimulator(node.broker, id, vendor, behaviour));
  await expect.poll(async () => (await node.broker.call<{ status: string }, object>(T.get, { id })).status).toBe('online');
  return id;
}

/** Pays inside a trace of the test's own and returns that trace's spans once the settlement is in it. */
async function tracedPayment(terminalId: string, amountMinor: number) {
  const transactionId = randomUUID();
  const { root, result } = await trace.getTracer('tillwire.test').startActiveSpan('checkout', async (span) => {
    const paid = await node.broker.call<terminals.PayResult, object>(
      T.pay,
      { terminalId, transactionId, paymentId: randomUUID(), serviceId: `P${sequence}`, amountMinor, currency: 'EUR' },
      CALL,
    );
    span.end();
    return { root: span.spanContext(), result: paid };
  });
  const spans = await vi.waitFor(() => {
    const recorded = spanRing()!.trace(root.traceId);
    expect(recorded.map((s) => s.name)).toContain(`${terminals.TerminalsEvents.commandSettled} process`);
    return recorded;
  });
  return { transactionId, result, spans, root };
}

function ancestors(spans: SpanRecord[], span: SpanRecord): string[] {
  const names: string[] = [];
  for (let parent = spans.find((s) => s.spanId === span.parentSpanId); parent; parent = spans.find((s) => s.spanId === parent!.parentSpanId)) {
    names.push(parent.name);
  }
  return names;
}

it.each(['simulator', 'nexo'] as const)('sends a %s payment in a CLIENT span of the checkout, ended by the answer', async (vendor) => {
  const terminalId = await connectedTerminal(vendor, 'approve');
  const { transactionId, result, spans } = await tracedPayment(terminalId, 1250);
  expect(result.outcome).toBe('approved');

  const command = spans.find((s) => s.name === `${vendor} pay`);
  expect(command).toMatchObject({
    kind: SpanKind.CLIENT,
    status: SpanStatusCode.UNSET,
    attributes: {
      'rpc.system': vendor,
      'rpc.method': 'pay',
      'tillwire.terminal.id': terminalId,
      'tillwire.terminal.vendor': vendor,
      'tillwire.terminal.command.kind': 'pay',
      'tillwire.terminal.command.outcome': 'approved',
      'tillwire.transaction.id': transactionId,
    },
  });
  // Written by the command channel's consumer, in the trace of the `terminals.pay` call that stored it.
  expect(ancestors(spans, command!)).toEqual([
    `process ${terminals.TerminalsChannels.commands}`,
    `send ${terminals.TerminalsChannels.commands}`,
    T.pay,
    'checkout',
  ]);
  // The settlement the answer sets off is part of it.
  expect(spans.find((s) => s.name === `${terminals.TerminalsEvents.commandSettled} process`)?.parentSpanId).toBe(command!.spanId);
});

it('records a declined card as an answer, not an error', async () => {
  const terminalId = await connectedTerminal('simulator', 'approve');
  const { spans } = await tracedPayment(terminalId, 1051);
  expect(spans.find((s) => s.name === 'simulator pay')).toMatchObject({
    status: SpanStatusCode.UNSET,
    attributes: { 'tillwire.terminal.command.outcome': 'declined' },
  });
});

it('puts the status query about an unanswered payment under the payment, which ends with the answer it finds', async () => {
  const terminalId = await connectedTerminal('simulator', 'drop-response');
  const { result, spans } = await tracedPayment(terminalId, 1250);
  expect(result.outcome).toBe('approved');
  const payment = spans.find((s) => s.name === 'simulator pay');
  expect(payment?.attributes['tillwire.terminal.command.outcome']).toBe('approved');
  expect(spans.find((s) => s.name === 'simulator status')).toMatchObject({
    kind: SpanKind.CLIENT,
    parentSpanId: payment!.spanId,
    attributes: { 'tillwire.terminal.command.outcome': 'processed' },
  });
});

it('ends a payment the terminal never saw as an error, with the reason', async () => {
  const terminalId = await connectedTerminal('simulator', 'timeout');
  const { result, spans } = await tracedPayment(terminalId, 1250);
  expect(result).toMatchObject({ outcome: 'failed', reason: 'not_found' });
  expect(spans.find((s) => s.name === 'simulator pay')).toMatchObject({
    status: SpanStatusCode.ERROR,
    attributes: { 'tillwire.terminal.command.outcome': 'not_found', 'error.type': 'not_found' },
  });
});
