import { readFile } from 'node:fs/promises';
import { formatMoney } from '@tillwire/contracts';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/processes';
import { expectAccessible, launchChromium, newScreen, saveScreenshot } from './support/browser';
import { startBrowserPlatform, type BrowserPlatform, type PasswordUser } from './support/browser-platform';

/**
 * The admin console in Chromium against the embedded platform, with no simulated terminal connected
 * (so a card payment's command cannot be delivered and becomes a dead letter): role-based navigation
 * for admin and finance, every page accessible and photographed, and the console's main actions.
 */

let platform: BrowserPlatform;
let browser: Browser;
let admin: Page;
let today: string;

interface ConsolePage {
  readonly link: string;
  readonly heading: string;
  readonly screenshot: string;
  /** Something on the page once its data arrived. */
  ready(page: Page): Locator;
}

const PAGES: readonly ConsolePage[] = [
  { link: 'Overview', heading: 'Overview', screenshot: 'admin-overview', ready: (p) => p.getByRole('img', { name: /Department ledger by hour/ }) },
  { link: 'Terminals', heading: 'Terminals', screenshot: 'admin-terminals', ready: (p) => p.getByRole('row', { name: /Grocery till 1/ }) },
  { link: 'Certificates', heading: 'Certificates', screenshot: 'admin-certificates', ready: (p) => p.getByText('BEGIN CERTIFICATE') },
  { link: 'Departments', heading: 'Departments', screenshot: 'admin-departments', ready: (p) => p.getByRole('link', { name: 'GROCERY' }) },
  { link: 'Inventory', heading: 'Inventory', screenshot: 'admin-inventory', ready: (p) => p.getByRole('cell', { name: 'GRO-001', exact: true }) },
  { link: 'Shifts', heading: 'Shifts', screenshot: 'admin-shifts', ready: (p) => p.getByRole('option', { name: /Grocery till 1/ }) },
  { link: 'Transactions', heading: 'Transactions', screenshot: 'admin-transactions', ready: (p) => p.getByLabel('Transaction ID or receipt number') },
  { link: 'Reconciliation', heading: 'Reconciliation', screenshot: 'admin-reconciliation', ready: (p) => p.getByText(/No reconciliation matches|Lines ok/).first() },
  { link: 'Dead letters', heading: 'Dead letters', screenshot: 'admin-dead-letters', ready: (p) => p.getByRole('table', { name: /Dead letters/ }) },
  { link: 'Audit log', heading: 'Audit log', screenshot: 'admin-audit', ready: (p) => p.getByRole('cell', { name: 'terminal.create' }).first() },
];

async function signIn(page: Page, user: PasswordUser): Promise<void> {
  await page.goto(`${platform.adminUrl}/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

const menu = (page: Page) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link');

async function open(page: Page, target: ConsolePage): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: target.link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: target.heading }).waitFor();
  await target.ready(page).waitFor({ state: 'attached' });
}

beforeAll(async () => {
  platform = await startBrowserPlatform({
    TERMINAL_SIMULATORS: 'off',
    TERMINAL_COMMAND_TIMEOUT_SECONDS: '2',
    CHANNEL_MAX_RETRIES: '2',
    CHANNEL_RETRY_BASE_MS: '10',
    TERMINAL_LISTEN_PORT: '0',
    LOYALTY_GRPC_PORT: '0',
    REPORTS_GRPC_PORT: '0',
  });
  browser = await launchChromium();
  admin = await newScreen(browser);
  const token = await platform.signIn(platform.users.admin.username, platform.users.admin.password);
  today = (await platform.api<{ date: string }>('/admin/store/today', { token })).body.date;
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('signing in', () => {
  it('shows the sign-in page first, accessible, and refuses a wrong password', async () => {
    await admin.goto(`${platform.adminUrl}/terminals`);
    await admin.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expectAccessible(admin);
    await saveScreenshot(admin, 'admin-sign-in');
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill('not the password');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('alert').getByText('Wrong username or password').waitFor();
  });

  it('gives finance reconciliation and transaction traces but not certificates, dead letters or the audit log', async () => {
    const finance = await newScreen(browser);
    await signIn(finance, platform.users.finance);
    expect(await menu(finance).allTextContents()).toEqual(['Overview', 'Terminals', 'Departments', 'Inventory', 'Shifts', 'Transactions', 'Reconciliation']);
    // A page opened directly says why it is not shown, and asks the API nothing.
    await finance.goto(`${platform.adminUrl}/certificates`);
    await finance.getByRole('heading', { name: 'Certificates is not available to your role' }).waitFor();
    expect(await finance.getByText('terminals.certificates').count()).toBe(1);
    await expectAccessible(finance);
    await saveScreenshot(finance, 'admin-finance-no-access');
    // Finance reads terminals but may not create one.
    await open(finance, PAGES[1]!);
    expect(await finance.getByRole('button', { name: 'Create terminal' }).count()).toBe(0);
    await finance.context().close();
  });
});

describe('the admin console', () => {
  it('gives an admin every page', async () => {
    await signIn(admin, platform.users.admin);
    expect(await menu(admin).allTextContents()).toEqual(PAGES.map((p) => p.link));
  });

  it('creates a terminal bound to a department from the form and lists it', async () => {
    await open(admin, PAGES[1]!);
    await admin.getByLabel('Terminal ID').fill('T9');
    await admin.getByLabel('Name', { exact: true }).fill('Garden till');
    await admin.getByLabel('Department').selectOption('HOME');
    await admin.getByLabel('Vendor').selectOption('nexo');
    await admin.getByRole('button', { name: 'Create terminal' }).click();
    await admin.getByRole('status').getByText('Terminal Garden till (T9) created in HOME.').waitFor();
    const row = admin.getByRole('row', { name: /Garden till/ });
    await row.waitFor();
    expect(await row.getByRole('cell').first().textContent()).toBe('Garden till T9');
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('HOME');
    expect(await row.getByRole('cell').nth(4).textContent()).toBe('0');
  });

  it("refreshes one terminal's row to show the sale just made on it, and every row with Refresh all", async () => {
    const salesToday = (name: string) => admin.getByRole('row', { name }).getByRole('cell').nth(4);
    const grocery = await cashSale('T1', 'GRO-002');
    await cashSale('T3', 'HOM-002');
    await admin.getByRole('button', { name: 'Refresh Grocery till 1' }).click();
    await salesToday('Grocery till 1').filter({ hasText: /^1$/ }).waitFor();
    expect(await admin.getByRole('row', { name: 'Grocery till 1' }).getByRole('cell').nth(5).textContent()).toBe(formatMoney(grocery, 'EUR'));
    // Only that row was refreshed: Home till 1 still shows what it showed before its sale.
    expect(await salesToday('Home till 1').textContent()).toBe('0');
    await admin.getByRole('button', { name: 'Refresh all' }).click();
    await salesToday('Home till 1').filter({ hasText: /^1$/ }).waitFor();
  });

  it("issues a terminal's certificate, shows its key once, and follows the terminal's events", async () => {
    await admin.getByRole('link', { name: 'Garden till' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Garden till' }).waitFor();
    await admin.getByRole('button', { name: 'Issue certificate' }).click();
    const issued = admin.getByRole('region', { name: 'New certificate' });
    expect(await issued.getByLabel('Private key (PEM)').inputValue()).toContain('BEGIN PRIVATE KEY');
    await admin.getByRole('button', { name: 'Rotate certificate' }).waitFor();
    await admin.getByText('Live').waitFor();
    // The key is never kept: once dismissed it is gone from the page.
    await issued.getByRole('button', { name: 'Done' }).click();
    expect(await admin.getByText('BEGIN PRIVATE KEY').count()).toBe(0);
    await expectAccessible(admin);
    await saveScreenshot(admin, 'admin-terminal-detail');
  });

  it('runs a reconciliation now, shows its status and exports it as CSV', async () => {
    await open(admin, PAGES[7]!);
    await admin.getByRole('button', { name: 'Run now' }).click();
    const ran = admin.getByRole('status').filter({ hasText: `Reconciliation of ${today}` });
    await ran.getByText('completed').waitFor();
    const row = admin.getByRole('row', { name: new RegExp(today) });
    await row.getByText(/^(ok|warn|fail)$/).waitFor();
    const [download] = await Promise.all([admin.waitForEvent('download'), row.getByRole('button', { name: `Export CSV of ${today}` }).click()]);
    expect(download.suggestedFilename()).toBe(`reconciliation-${today}.csv`);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'business_date,record,scope,key,department_code,status,kind,expected_minor,reported_minor,variance_minor,variance_bp,reason,transaction_id,reference',
    );
    await admin.getByRole('link', { name: today, exact: true }).click();
    await admin.getByRole('heading', { level: 1, name: `Reconciliation of ${today}` }).waitFor();
    await admin.getByRole('table', { name: /Terminals: expected against reported/ }).waitFor();
    await expectAccessible(admin);
    await saveScreenshot(admin, 'admin-reconciliation-day');
  });

  it('discards a dead letter with a reason, and replays another', async () => {
    await undeliverableCardPayment('GRO-005');
    await open(admin, PAGES[8]!);
    const letter = await deadLetterRow();
    await letter.getByRole('button', { name: /^Discard / }).click();
    await letter.getByLabel(/^Why discard/).fill('Terminal T1 was offline; the sale was declined');
    await letter.getByRole('button', { name: 'Confirm discard' }).click();
    await admin.getByText('No dead letters with status dead.').waitFor();

    await undeliverableCardPayment('GRO-006');
    await deadLetterRow();
    const replayed = (await letter.getByRole('button', { name: /^Replay / }).getAttribute('aria-label'))!.slice('Replay '.length);
    await letter.getByRole('button', { name: /^Replay / }).click();
    // Replayed, it is sent to its channel once more (with T1 still offline it may die again, as a new letter).
    await admin.getByRole('button', { name: `Replay ${replayed}` }).waitFor({ state: 'detached' });
    await admin.getByLabel('Letters shown').selectOption('');
    await admin.getByRole('row', { name: /Terminal T1 was offline/ }).getByText('discarded').waitFor();
    await admin.getByLabel('Letters shown').selectOption('replayed');
    await admin.getByRole('row', { name: /Terminal T1 was offline/ }).waitFor({ state: 'detached' });
    expect(await admin.getByRole('row', { name: /terminals\.commands/ }).count()).toBe(1);
  });

  it("shows a till's X report, and its Z report once the shift is closed with the cash counted", async () => {
    await open(admin, PAGES[5]!);
    await admin.getByLabel('Terminal', { exact: true }).selectOption('T3');
    await admin.getByRole('button', { name: 'X report #1' }).click();
    const report = admin.getByRole('region', { name: 'X report · shift #1 of T3' });
    await report.waitFor();
    const figure = (label: string) => report.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
    expect(await figure('Sales').textContent()).toBe('1');
    const expected = (await figure('Expected in drawer').textContent())!;
    await expectAccessible(admin);
    await saveScreenshot(admin, 'admin-shift-x-report');

    await report.getByLabel('Cash counted (EUR)').fill(expected.replace(/[^0-9.]/g, ''));
    await report.getByRole('button', { name: 'Close shift (Z report)' }).click();
    const z = admin.getByRole('region', { name: 'Z report · shift #1 of T3' });
    await z.waitFor();
    expect(await z.locator('dt', { hasText: 'Variance' }).locator('xpath=following-sibling::dd[1]').textContent()).toBe(formatMoney(0, 'EUR'));
    await admin.getByRole('button', { name: 'Z report #1' }).waitFor();
  });

  it('filters the audit log by an action prefix', async () => {
    await open(admin, PAGES[9]!);
    await admin.getByLabel('Action').fill('certificate.');
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    const actions = admin.getByRole('table', { name: /Audit entries/ }).getByRole('cell', { name: /^[a-z_]+\.[a-z_]+$/ });
    await admin.getByRole('cell', { name: 'terminal.create' }).waitFor({ state: 'detached' });
    expect(await actions.allTextContents()).toEqual(['certificate.issue']);
  });

  it('shows every page without a serious accessibility violation, photographed', async () => {
    for (const target of PAGES) {
      await open(admin, target);
      await expectAccessible(admin);
      await saveScreenshot(admin, target.screenshot);
    }
    for (const [path, heading, screenshot] of [
      ['/departments/GROCERY', 'Grocery (GROCERY)', 'admin-department'],
      ['/terminals/T1', 'Grocery till 1', 'admin-terminal-t1'],
    ] as const) {
      await admin.goto(`${platform.adminUrl}${path}`);
      await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
      await admin.getByRole('table').first().waitFor();
      await expectAccessible(admin);
      await saveScreenshot(admin, screenshot);
    }
  });
});

/** The one dead letter of the terminal command channel, once the list shows it (it dies after its retries). */
async function deadLetterRow(): Promise<Locator> {
  const row = admin.getByRole('row', { name: /terminals\.commands/ });
  await waitFor(async () => {
    await admin.getByRole('button', { name: 'Refresh letters' }).click();
    return (await row.count()) === 1 ? true : undefined;
  }, 15_000);
  return row;
}

/** Reserves one unit of `sku` on a terminal as the admin; answers the sale and the token. */
async function reserve(terminalId: string, sku: string) {
  const token = await platform.signIn(platform.users.admin.username, platform.users.admin.password);
  const sale = await platform.api<{ id: string; totals: { totalMinor: number } }>('/pos/transactions', {
    token,
    body: { terminalId, lines: [{ sku, quantity: 1 }] },
  });
  expect(sale.status).toBe(201);
  return { token, id: sale.body.id, totalMinor: sale.body.totals.totalMinor };
}

/** A sale paid in cash, which needs no terminal; answers its total. */
async function cashSale(terminalId: string, sku: string): Promise<number> {
  const { token, id, totalMinor } = await reserve(terminalId, sku);
  const paid = await platform.api(`/pos/transactions/${id}/complete`, { token, body: { payments: [{ method: 'cash', amountMinor: totalMinor }] } });
  expect(paid.status).toBe(200);
  return totalMinor;
}

/** A card sale on T1, whose terminal has no session: the payment command dead-letters and the card is declined. */
async function undeliverableCardPayment(sku: string): Promise<void> {
  const { token, id, totalMinor } = await reserve('T1', sku);
  const paid = await platform.api(`/pos/transactions/${id}/complete`, { token, body: { payments: [{ method: 'card', amountMinor: totalMinor }] } });
  expect(paid.status).toBe(422);
}
