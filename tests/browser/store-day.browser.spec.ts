import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newScreen, saveScreenshot } from './support/browser';
import { startBrowserPlatform, type BrowserPlatform } from './support/browser-platform';
import { addPayment, adminToken, cart, euros, expectSaleDone, pairAsAdmin, productsOf, scan, signInOperator, type Product } from './pos-till';

/** A sale at a till, seen by the admin console; a terminal created in the console, sold from at a till. */

let platform: BrowserPlatform;
let browser: Browser;
let till: Page;
let admin: Page;
let groceries: Product[];

beforeAll(async () => {
  platform = await startBrowserPlatform();
  browser = await launchChromium();
  [till, admin] = [await newScreen(browser), await newScreen(browser)];
  groceries = await productsOf(platform, await adminToken(platform), 'GROCERY');
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function signInToConsole(): Promise<void> {
  await admin.goto(`${platform.adminUrl}/`);
  await admin.getByLabel('Username').fill(platform.users.admin.username);
  await admin.getByLabel('Password').fill(platform.users.admin.password);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Terminals', exact: true }).click();
  await admin.getByRole('heading', { level: 1, name: 'Terminals' }).waitFor();
}

/** The console's row of a terminal: its sales count and gross as shown. */
async function terminalRow(name: string): Promise<{ count: number; gross: string }> {
  const cells = admin.getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell');
  return { count: Number(await cells.nth(4).textContent()), gross: (await cells.nth(5).textContent()) ?? '' };
}

const grossMinor = (shown: string) => Math.round(Number(shown.replace(/[^0-9.]/g, '')) * 100);

describe('a store day across both apps', () => {
  it("counts a till's split cash and card sale in the console's terminal row, to the cent", async () => {
    await signInToConsole();
    const before = await terminalRow('Grocery till 1');

    await pairAsAdmin(till, platform, 'Grocery till 1');
    await signInOperator(till, platform, 'GROCERY');
    const [first, second] = groceries;
    await scan(till, first!.barcode);
    await cart(till).getByText(first!.name).waitFor();
    await till.getByRole('heading', { name: /^Sale/ }).click();
    await scan(till, second!.barcode);
    await cart(till).getByText(second!.name).waitFor();
    await till.getByRole('button', { name: 'Pay', exact: true }).click();
    const total = first!.priceMinor + second!.priceMinor;
    await addPayment(till, 'Cash', 100, 100);
    await addPayment(till, 'Card');
    await till.getByRole('button', { name: `Take ${euros(total)}` }).click();
    await expectSaleDone(till);

    await admin.getByRole('button', { name: 'Refresh Grocery till 1' }).click();
    await admin.getByRole('row', { name: new RegExp(`^Grocery till 1 `) }).getByRole('cell').nth(4).getByText(String(before.count + 1)).waitFor();
    const after = await terminalRow('Grocery till 1');
    expect(after.count).toBe(before.count + 1);
    expect(grossMinor(after.gross) - grossMinor(before.gross)).toBe(total);
    await saveScreenshot(admin, 'store-day-terminals');
  });

  it('pairs a till with a terminal the console just created, and offers only its department', async () => {
    await admin.getByLabel('Terminal ID').fill('T7');
    await admin.getByLabel('Name', { exact: true }).fill('Garden till');
    await admin.getByLabel('Department').selectOption('HOME');
    await admin.getByRole('button', { name: 'Create terminal' }).click();
    await admin.getByRole('row', { name: /^Garden till / }).waitFor();

    const screen = await newScreen(browser);
    await pairAsAdmin(screen, platform, 'Garden till');
    await signInOperator(screen, platform, 'HOME');
    const token = await adminToken(platform);
    const home = await productsOf(platform, token, 'HOME');
    const offered = screen.getByRole('list', { name: 'Products' }).getByRole('button');
    await offered.first().waitFor();
    const names = await offered.allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const product of groceries) expect(names.some((n) => n.includes(product.name)), product.name).toBe(false);
    expect(names.some((n) => n.includes(home[0]!.name))).toBe(true);
    await saveScreenshot(screen, 'store-day-new-terminal');
  });
});
