import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newScreen, saveScreenshot } from './support/browser';
import { startBrowserPlatform, type BrowserPlatform } from './support/browser-platform';
import { currencyExponent, parseDecimal } from '@tillwire/contracts';
import { addPayment, adminToken, cart, expectSaleDone, pairAsAdmin, productsOf, scan, shown, signInOperator, type Product } from './pos-till';

/**
 * A sale at a till, seen by the admin console; a terminal created in the console, sold from at a
 * till. The store sells in yen, a currency without minor units, so both apps must take the amounts'
 * exponent from the store's currency.
 */

const CURRENCY = 'JPY';

let platform: BrowserPlatform;
let browser: Browser;
let till: Page;
let admin: Page;
let groceries: Product[];

beforeAll(async () => {
  platform = await startBrowserPlatform({ STORE_CURRENCY: CURRENCY });
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

/** The minor units of an amount the console shows, such as `¥1,250`. */
const grossMinor = (text: string) => parseDecimal(text.replace(/[^0-9.]/g, ''), currencyExponent(CURRENCY))!;

describe('a store day across both apps', () => {
  it("counts a till's split cash and card sale in yen in the console's terminal row, to the yen", async () => {
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
    expect(await cart(till).textContent()).toContain(shown(first!.priceMinor, CURRENCY));
    await till.getByRole('button', { name: 'Pay', exact: true }).click();
    const total = first!.priceMinor + second!.priceMinor;
    expect(await till.getByTestId('sale-total').textContent()).toBe(shown(total, CURRENCY));
    // 150 yen in cash is typed as `150`; 200 received leaves 50 in change.
    await addPayment(till, 'Cash', 150, 200, CURRENCY);
    expect(await till.getByRole('list', { name: 'Payments' }).textContent()).toContain(
      `Cash ${shown(150, CURRENCY)} · received ${shown(200, CURRENCY)} · change ${shown(50, CURRENCY)}`,
    );
    await addPayment(till, 'Card', undefined, undefined, CURRENCY);
    await till.getByRole('button', { name: `Take ${shown(total, CURRENCY)}` }).click();
    await expectSaleDone(till);
    const printed = await till.getByRole('article').textContent();
    expect(printed).toContain(`Total${shown(total, CURRENCY)}`);
    expect(printed).toContain(`Change${shown(50, CURRENCY)}`);

    await admin.getByRole('button', { name: 'Refresh Grocery till 1' }).click();
    await admin.getByRole('row', { name: new RegExp(`^Grocery till 1 `) }).getByRole('cell').nth(4).getByText(String(before.count + 1)).waitFor();
    const after = await terminalRow('Grocery till 1');
    expect(after.count).toBe(before.count + 1);
    expect(after.gross).toMatch(/^¥[\d,]+$/);
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
