import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSimulator } from '../../services/terminals/src/simulator-device/connect-simulator';
import type { Behaviour } from '../../services/terminals/src/simulator-device/device-behaviour';
import type { TerminalSimulator } from '../../services/terminals/src/simulator-device/terminal-simulator';
import { startCheckoutPlatform, type CheckoutPlatform } from './checkout-api';

interface Transaction {
  id: string;
  status: string;
  totals: { totalMinor: number };
  payments: Array<{ method: string; status: string }>;
}
interface ErrorBody {
  error: { code: string; details?: Record<string, unknown> };
}

/** The demo store's terminals, each with a simulated terminal behaving as the case needs. */
const TILLS = {
  T1: { vendor: 'simulator', behaviour: 'drop-response' },
  T2: { vendor: 'nexo', behaviour: 'disconnect-mid-payment' },
  T3: { vendor: 'simulator', behaviour: 'timeout' },
  T4: { vendor: 'nexo', behaviour: 'decline' },
  T5: { vendor: 'simulator', behaviour: 'approve' },
} as const satisfies Record<string, { vendor: 'simulator' | 'nexo'; behaviour: Behaviour }>;
type Till = keyof typeof TILLS;

let api: CheckoutPlatform;
const devices = new Map<Till, TerminalSimulator>();

beforeAll(async () => {
  api = await startCheckoutPlatform({
    TERMINAL_SIMULATORS: 'off',
    // Lost answers and silent terminals show within seconds.
    TERMINAL_PAYMENT_TIMEOUT_SECONDS: '1',
    TERMINAL_COMMAND_TIMEOUT_SECONDS: '1',
    CHANNEL_RETRY_BASE_MS: '50',
  });
  for (const [id, { vendor, behaviour }] of Object.entries(TILLS) as [Till, (typeof TILLS)[Till]][]) {
    devices.set(id, await connectSimulator(api.node.broker, id, vendor, behaviour));
  }
}, 120_000);
afterAll(async () => {
  await Promise.all([...devices.values()].map((d) => d.close()));
  await api?.stop();
});

let skus = 0;
/** A sale of one product of `departmentCode` on `terminalId`, reserved and ready to pay. */
async function reserved(terminalId: string, departmentCode: string, priceMinor: number): Promise<Transaction> {
  const sku = `CARD-${++skus}`;
  expect((await api.post('/admin/products', { sku, barcode: null, name: sku, priceMinor, taxRateBp: 0, departmentCode })).status).toBe(201);
  expect((await api.post('/inventory/receipts', { locationCode: 'MAIN', lines: [{ sku, quantity: 5 }] })).status).toBe(201);
  const created = await api.post<Transaction>('/pos/transactions', { terminalId, lines: [{ sku, quantity: 1 }] });
  expect(created.status).toBe(201);
  return created.body;
}

const payByCard = (t: Transaction) =>
  api.post<Transaction | ErrorBody>(`/pos/transactions/${t.id}/complete`, { payments: [{ method: 'card', amountMinor: t.totals.totalMinor }] });

const attempts = async (transactionId: string) =>
  api.node.database.db.sql.query<{ serviceId: string; status: string }>(
    `SELECT a.service_id AS "serviceId", a.status FROM transactions.payment_attempts a
       JOIN transactions.payments p ON p.id = a.payment_id WHERE p.transaction_id = $1 ORDER BY a.created_at`,
    [transactionId],
  );

describe('card payments of a checkout, exactly once', () => {
  it('completes a sale whose approval was lost on the way back, charging the card once', async () => {
    const sale = await reserved('T1', 'GROCERY', 1200);
    expect(await payByCard(sale)).toMatchObject({ status: 200, body: { status: 'completed' } });
    expect(devices.get('T1')!.approvedCount()).toBe(1);
    expect(await attempts(sale.id)).toEqual([{ serviceId: expect.any(String), status: 'approved' }]);
  });

  it('completes a sale whose terminal hung up mid-payment, once the terminal is back and says it approved', async () => {
    const sale = await reserved('T2', 'GROCERY', 1300);
    expect(await payByCard(sale)).toMatchObject({ status: 200, body: { status: 'completed' } });
    expect(devices.get('T2')!.ledger()).toEqual([expect.objectContaining({ amountMinor: 1300, state: 'approved' })]);
  });

  it('tries again under a new ServiceID when the terminal never saw the payment, then declines: the sale fails, nothing charged', async () => {
    const sale = await reserved('T3', 'HOME', 1400);
    expect(await payByCard(sale)).toMatchObject({ status: 422, body: { error: { code: 'payment_declined' } } });
    const tried = await attempts(sale.id);
    expect(tried).toHaveLength(3);
    expect(new Set(tried.map((a) => a.serviceId)).size).toBe(3);
    expect(tried.every((a) => a.status === 'aborted')).toBe(true);
    expect(devices.get('T3')!.ledger()).toEqual([]);
    expect((await api.get<Transaction>(`/pos/transactions/${sale.id}`)).body.status).toBe('failed');
  });

  it('compensates a declined card: the sale fails, nothing is charged', async () => {
    const sale = await reserved('T4', 'HOME', 1500);
    expect(await payByCard(sale)).toMatchObject({ status: 422, body: { error: { code: 'payment_declined', details: { reason: 'card_declined' } } } });
    expect(devices.get('T4')!.approvedCount()).toBe(0);
    const { body } = await api.get<Transaction>(`/pos/transactions/${sale.id}`);
    expect(body).toMatchObject({ status: 'failed', payments: [{ method: 'card', status: 'declined' }] });
  });

  it('never approves two payments for one sale, however often its completion is repeated', async () => {
    const sale = await reserved('T5', 'ELECTRONICS', 1600);
    const answers = await Promise.all(Array.from({ length: 5 }, () => payByCard(sale)));
    expect(answers.some((a) => a.status === 200)).toBe(true);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    expect(devices.get('T5')!.approvedCount()).toBe(1);
    expect((await api.get<Transaction>(`/pos/transactions/${sale.id}`)).body.status).toBe('completed');
  });

  it('fails fast with terminal_unreachable when the terminal has no session', async () => {
    const sale = await reserved('T6', 'ELECTRONICS', 1700);
    expect(await payByCard(sale)).toMatchObject({ status: 422, body: { error: { code: 'payment_declined', details: { reason: 'terminal_unreachable' } } } });
    expect(await attempts(sale.id)).toEqual([{ serviceId: expect.any(String), status: 'aborted' }]);
  });
});
