import type { transactions } from '@tillwire/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newScreen, saveScreenshot } from './support/browser';
import { startBrowserPlatform, type BrowserPlatform } from './support/browser-platform';
import { addPayment, adminToken, cart, shown, expectSaleDone, pairAsAdmin, productsOf, scan, signInOperator } from './pos-till';

/**
 * A sale at the till, then its trace in the admin console: one trace from the checkout screen's
 * requests through the API and every hop of the saga, drawn as a waterfall.
 */

let platform: BrowserPlatform;
let browser: Browser;
let till: Page;
let admin: Page;
let receipt: number;
let transactionId: string;

beforeAll(async () => {
  platform = await startBrowserPlatform();
  browser = await launchChromium();
  [till, admin] = [await newScreen(browser), await newScreen(browser)];
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** The waterfall of the trace with both of the screen's requests; its span rows by name. */
const saleTrace = (page: Page): Locator =>
  page
    .getByRole('table', { name: /^Spans of trace / })
    .filter({ has: page.getByRole('button', { name: 'POST /pos/transactions', exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'POST /pos/transactions/:id/complete', exact: true }) });

describe('the trace of a sale', () => {
  it('is one trace from the checkout screen: its reservation and its payment', async () => {
    const token = await adminToken(platform);
    const [product] = await productsOf(platform, token, 'GROCERY');
    await pairAsAdmin(till, platform, 'Grocery till 1');
    await signInOperator(till, platform, 'GROCERY');
    await scan(till, product!.barcode);
    await cart(till).getByText(product!.name).waitFor();
    await till.getByRole('button', { name: 'Pay', exact: true }).click();
    await addPayment(till, 'Card');
    await till.getByRole('button', { name: `Take ${shown(product!.priceMinor)}` }).click();
    receipt = await expectSaleDone(till);

    const sale = await platform.api<transactions.TransactionView>(`/pos/receipts/${receipt}`, { token });
    transactionId = sale.body.id;
    const trace = await platform.api<transactions.TransactionTrace>(`/admin/transactions/${transactionId}/trace`, { token });
    expect(trace.status).toBe(200);
    const requests = trace.body.spans.filter((s) => s.kind === 'server' && s.service === 'api');
    expect(requests.map((s) => s.name)).toEqual(['POST /pos/transactions', 'POST /pos/transactions/:id/complete']);
    // The screen started the trace: both requests continue it, each under a parent span of its own.
    expect(requests[0]!.traceId).toBe(requests[1]!.traceId);
    expect(requests[0]!.parentSpanId).not.toBeNull();
    expect(requests[0]!.parentSpanId).not.toBe(requests[1]!.parentSpanId);
  });

  it('is drawn in the console as a waterfall, found by the receipt number', async () => {
    await admin.goto(`${platform.adminUrl}/`);
    await admin.getByLabel('Username').fill(platform.users.admin.username);
    await admin.getByLabel('Password').fill(platform.users.admin.password);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Transactions', exact: true }).click();
    await admin.getByLabel('Transaction ID or receipt number').fill(String(receipt));
    await admin.getByRole('button', { name: 'Find transaction' }).click();
    await admin.getByRole('heading', { level: 1, name: `Transaction ${transactionId.slice(0, 8)}` }).waitFor();

    const waterfall = saleTrace(admin);
    await waterfall.waitFor();
    const spans = await waterfall.getByRole('button').allTextContents();
    for (const hop of ['transactions.create', 'inventory.reserve', 'departments.allocate', 'transactions.complete', 'terminals.pay', 'inventory.commit']) {
      expect(spans, hop).toContain(hop);
    }
    // Each hop below the step that made it: the reservation inside the checkout's creation.
    const indent = async (name: string) => {
      const style = await waterfall.getByRole('button', { name, exact: true }).first().locator('xpath=..').getAttribute('style');
      return Number(/padding-left:\s*([\d.]+)rem/.exec(style ?? '')?.[1]);
    };
    expect(await indent('transactions.create')).toBeGreaterThan(await indent('POST /pos/transactions'));
    expect(await indent('inventory.reserve')).toBeGreaterThan(await indent('transactions.create'));

    const create = waterfall.getByRole('button', { name: 'transactions.create', exact: true });
    await create.click();
    expect(await create.getAttribute('aria-expanded')).toBe('true');
    const attributes = admin.locator(`#${await create.getAttribute('aria-controls')}`);
    await attributes.getByText(transactionId, { exact: true }).waitFor();
    expect(await attributes.getByText('tillwire.transaction.id', { exact: true }).count()).toBe(1);

    await expectAccessible(admin);
    await saveScreenshot(admin, 'admin-transaction-trace');
  });

  it('marks the steps of a declined card in red, and says so', async () => {
    const token = await adminToken(platform);
    const [product] = await productsOf(platform, token, 'GROCERY');
    const sale = await platform.api<transactions.TransactionView>('/pos/transactions', { token, body: { terminalId: 'T1', lines: [{ sku: product!.sku, quantity: 1 }] } });
    const total = sale.body.totals.totalMinor;
    // The simulated terminal declines amounts ending in 51.
    const payments = [
      { method: 'cash', amountMinor: total - 51 },
      { method: 'card', amountMinor: 51 },
    ];
    expect((await platform.api(`/pos/transactions/${sale.body.id}/complete`, { token, body: { payments } })).status).toBe(422);

    await admin.goto(`${platform.adminUrl}/transactions/${sale.body.id}`);
    const failed = admin.getByRole('row').filter({ has: admin.getByRole('button', { name: 'transactions.complete', exact: true }) });
    await failed.getByText('error', { exact: true }).waitFor();
    expect(await failed.getByRole('button').getAttribute('class')).toContain('text-red-800');
    await expectAccessible(admin);
  });

  it("opens from the audit log's transaction ids", async () => {
    await admin.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Audit log', exact: true }).click();
    await admin.getByLabel('Action').fill('transaction.complete');
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    const completion = admin.getByRole('row').filter({ has: admin.getByRole('cell', { name: 'transaction.complete', exact: true }) });
    await completion.getByRole('link', { name: transactionId }).click();
    await admin.getByRole('heading', { level: 1, name: `Transaction ${transactionId.slice(0, 8)}` }).waitFor();
    await saleTrace(admin).waitFor();
  });
});
