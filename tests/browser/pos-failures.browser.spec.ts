import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTerminalSimulator, type TerminalSimulator } from '../../services/terminals/src/simulator-device/terminal-simulator';
import { freePort } from '../support/processes';
import { expectAccessible, launchChromium, newScreen, saveScreenshot } from './support/browser';
import { startBrowserPlatform, type BrowserPlatform } from './support/browser-platform';
import {
  addPayment,
  adminToken,
  cart,
  shown,
  eventTypesUntil,
  expectSaleDone,
  pairAsSupervisor,
  productsOf,
  scan,
  signInOperator,
  todayOf,
  type Product,
} from './pos-till';

interface Sale {
  id: string;
  status: string;
}

/** Reservations run out within the test (the sweep closes them every second). */
const RESERVATION_TTL_SECONDS = 15;

let platform: BrowserPlatform;
let browser: Browser;
let page: Page;
let token: string;
let product: Product;
/** T1's terminal, which takes the card, hangs up before answering, and comes back. */
let terminal: TerminalSimulator;

beforeAll(async () => {
  const listenPort = await freePort();
  // No built-in simulated terminals: T1 is the misbehaving one started below.
  platform = await startBrowserPlatform({
    TERMINAL_SIMULATORS: 'off',
    TERMINAL_LISTEN_PORT: String(listenPort),
    RESERVATION_TTL_SECONDS: String(RESERVATION_TTL_SECONDS),
    RESERVATION_SWEEP_SECONDS: '1',
  });
  token = await adminToken(platform);
  const issued = await platform.api<{ certificate: { certificatePem: string }; privateKeyPem: string }>('/admin/terminals/T1/certificates', {
    token,
    body: {},
  });
  const ca = await platform.api<{ certificatePem: string }>('/admin/terminals/ca', { token });
  terminal = startTerminalSimulator({
    url: `wss://127.0.0.1:${listenPort}`,
    terminalId: 'T1',
    vendor: 'simulator',
    behaviour: 'disconnect-mid-payment',
    tls: { certificatePem: issued.body.certificate.certificatePem, privateKeyPem: issued.body.privateKeyPem, caPem: ca.body.certificatePem },
  });
  await terminal.waitConnected();
  product = (await productsOf(platform, token, 'GROCERY'))[0]!;
  browser = await launchChromium();
  page = await newScreen(browser);
  // A supervisor pairs: only the terminals of their department are offered.
  const offered = await pairAsSupervisor(page, platform, 'GROCERY', 'T1', 'Grocery till 1');
  expect(offered).toHaveLength(2);
  expect(offered.filter((text) => text.includes(' · GROCERY · '))).toEqual(offered);
  await signInOperator(page, platform, 'GROCERY');
});
afterAll(async () => {
  await browser?.close();
  await terminal?.close();
  await platform?.stop();
});

async function reserveOne(): Promise<void> {
  await scan(page, product.barcode);
  await cart(page).getByText(product.name).waitFor();
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.getByTestId('sale-total').waitFor();
}

describe('the checkout screen when things fail', () => {
  it('completes a card payment once when the terminal hangs up mid-payment and comes back', async () => {
    await page.getByRole('status').filter({ hasText: 'Terminal status: Online' }).waitFor();
    const before = await todayOf(platform, token, 'T1');
    await reserveOne();
    await addPayment(page, 'Card');
    await page.getByRole('button', { name: `Take ${shown(product.priceMinor)}` }).click();

    await expectSaleDone(page);
    await page.getByRole('status').filter({ hasText: 'Terminal status: Online' }).waitFor();
    await saveScreenshot(page, 'pos-terminal-dropped-receipt');
    // The terminal did hang up and come back, charged the card once, and the platform sold once.
    expect(await eventTypesUntil(platform, token, 'T1', (types) => types.lastIndexOf('connected') > types.indexOf('disconnected'))).toContain('disconnected');
    expect(terminal.approvedCount()).toBe(1);
    expect(await todayOf(platform, token, 'T1')).toEqual({ count: before.count + 1, totalMinor: before.totalMinor + product.priceMinor });
    await page.getByRole('button', { name: 'New sale' }).click();
  });

  it('says when a reservation expired and sells the same cart on a new one', async () => {
    await reserveOne();
    const expiredReceipt = Number((await page.getByRole('heading', { name: /^Payment · receipt/ }).textContent())!.replace(/\D+/g, ''));
    await page.waitForTimeout((RESERVATION_TTL_SECONDS + 3) * 1000);
    await addPayment(page, 'Cash');
    await page.getByRole('button', { name: `Take ${shown(product.priceMinor)}` }).click();

    await page.getByText(/reservation of this sale expired/).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-reservation-expired');
    expect((await platform.api<Sale>(`/pos/receipts/${expiredReceipt}`, { token })).body.status).toBe('expired');

    await page.getByRole('button', { name: 'Re-reserve' }).click();
    await page.getByRole('heading', { name: new RegExp(`^Payment · receipt (?!${expiredReceipt}$)\\d+$`) }).waitFor();
    // The cash payment chosen before is still there: the total is covered.
    await page.getByRole('button', { name: `Take ${shown(product.priceMinor)}` }).click();
    const receipt = await expectSaleDone(page);
    expect((await platform.api<Sale>(`/pos/receipts/${receipt}`, { token })).body.status).toBe('completed');
  });
});
