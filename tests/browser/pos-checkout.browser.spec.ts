import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, newScreen, saveScreenshot } from './support/browser';
import { startBrowserPlatform, type BrowserPlatform } from './support/browser-platform';
import {
  addPayment,
  adminToken,
  cart,
  shown,
  expectSaleDone,
  pairAsAdmin,
  productsOf,
  scan,
  searchBox,
  signInOperator,
  todayOf,
  type Product,
} from './pos-till';

interface Sale {
  id: string;
  status: string;
  totals: { totalMinor: number };
  payments: Array<{ method: string; amountMinor: number; tenderedMinor: number | null; status: string }>;
  changeMinor: number;
  lines: Array<{ sku: string; quantity: number; refundedQuantity: number }>;
}

let platform: BrowserPlatform;
let browser: Browser;
let page: Page;
let token: string;
let apples: Product;
let bananas: Product;
/** The receipt of the first sale, refunded later. */
let firstReceipt: number;

beforeAll(async () => {
  platform = await startBrowserPlatform();
  browser = await launchChromium();
  page = await newScreen(browser);
  token = await adminToken(platform);
  const products = await productsOf(platform, token, 'GROCERY');
  apples = products[0]!;
  bananas = products[1]!;
});
afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

const receipt = (number: number) => platform.api<Sale>(`/pos/receipts/${number}`, { token });

describe('the checkout screen at a grocery till', () => {
  it('is paired once by an administrator, then shows its terminal and asks an operator for their PIN', async () => {
    await page.goto(platform.posUrl);
    await page.getByRole('heading', { name: 'Pair this screen with a terminal' }).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-pairing');

    await pairAsAdmin(page, platform, 'Grocery till 1');
    const identity = await page.getByTestId('terminal-identity').textContent();
    expect(identity).toContain('Grocery till 1');
    expect(identity).toContain('Department GROCERY');
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-sign-in');

    // The pairing survives a reload; no department is ever offered.
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Grocery till 1' }).waitFor();
    expect(await page.getByText(/choose.*department/i).count()).toBe(0);
  });

  it('sells two scanned products paid by split cash and card, following the progress to the receipt', async () => {
    const before = await todayOf(platform, token, 'T1');
    await signInOperator(page, platform, 'GROCERY');
    await page.getByRole('status').filter({ hasText: 'Terminal status: Online' }).waitFor();

    // The first code lands in the focused search box, the second with focus on no text field.
    await scan(page, apples.barcode);
    await cart(page).getByText(apples.name).waitFor();
    await page.getByRole('heading', { name: /^Sale/ }).click();
    await scan(page, bananas.barcode);
    await cart(page).getByText(bananas.name).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-selling');

    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    const total = apples.priceMinor + bananas.priceMinor;
    expect(await page.getByTestId('sale-total').textContent()).toBe(shown(total));
    await addPayment(page, 'Cash', 100, 500);
    await addPayment(page, 'Card');
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-paying');
    await page.getByRole('button', { name: `Take ${shown(total)}` }).click();

    firstReceipt = await expectSaleDone(page);
    await page.getByText(`Change`).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-receipt');

    const { body: sale } = await receipt(firstReceipt);
    expect(sale.status).toBe('completed');
    expect(sale.payments.map((p) => [p.method, p.amountMinor, p.tenderedMinor, p.status])).toEqual([
      ['cash', 100, 500, 'approved'],
      ['card', total - 100, null, 'approved'],
    ]);
    expect(sale.changeMinor).toBe(400);
    const after = await todayOf(platform, token, 'T1');
    expect(after).toEqual({ count: before.count + 1, totalMinor: before.totalMinor + total });
  });

  it('takes a declined card back to the payment choice with the sale intact, and the retry sells once', async () => {
    await page.getByRole('button', { name: 'New sale' }).click();
    const before = await todayOf(platform, token, 'T1');
    await scan(page, apples.barcode);
    await cart(page).getByText(apples.name).waitFor();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    const total = apples.priceMinor;
    // The simulated terminal declines amounts ending in 51.
    await addPayment(page, 'Cash', total - 51);
    await addPayment(page, 'Card');
    await page.getByRole('button', { name: `Take ${shown(total)}` }).click();

    await page.getByText(/The card was declined/).first().waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: 'Declined' }).textContent()).toContain('(failed)');
    expect(await page.getByTestId('sale-total').textContent()).toBe(shown(total));
    expect(await page.getByRole('list', { name: 'Payments' }).textContent()).toContain(`Cash ${shown(total - 51)}`);
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-declined');

    await page.getByRole('button', { name: `Remove Cash payment of ${shown(total - 51)}` }).click();
    await addPayment(page, 'Card');
    const take = page.getByRole('button', { name: `Take ${shown(total)}` });
    // A double tap: the second is refused by the disabled button or answered from the same key.
    await take.dblclick();
    await expectSaleDone(page);

    const after = await todayOf(platform, token, 'T1');
    expect(after).toEqual({ count: before.count + 1, totalMinor: before.totalMinor + total });
  });

  it('holds a sale, serves another, and resumes the held one', async () => {
    await page.getByRole('button', { name: 'New sale' }).click();
    await scan(page, bananas.barcode);
    await cart(page).getByText(bananas.name).waitFor();
    await page.getByRole('button', { name: 'Hold', exact: true }).click();
    await cart(page).getByText('Scan or tap a product').waitFor();
    await page.getByRole('button', { name: 'Held sales (1)' }).click();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-held-sales');
    await page.getByRole('button', { name: /^Resume sale/ }).click();
    await cart(page).getByText(bananas.name).waitFor();
    expect(await page.getByRole('button', { name: 'Held sales (0)' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: `Remove ${bananas.name}` }).click();
  });

  it("asks a supervisor to approve a large discount, and voids the sale on a supervisor's override", async () => {
    await searchBox(page).click();
    await scan(page, apples.barcode);
    await cart(page).getByText(apples.name).waitFor();
    await page.getByRole('button', { name: 'Discount', exact: true }).click();
    await page.getByLabel('Discount in percent').fill('50');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();

    const supervisor = platform.users.supervisor('GROCERY');
    await page.getByRole('heading', { name: 'Approve the discount' }).waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-discount-approval');
    await page.getByLabel('Supervisor username').fill(supervisor.username);
    await page.getByLabel('Supervisor PIN').fill(supervisor.pin);
    await page.getByRole('button', { name: 'Approve' }).click();
    const discounted = apples.priceMinor - Math.floor(apples.priceMinor / 2);
    await page.getByTestId('sale-total').getByText(shown(discounted)).waitFor();

    await page.getByRole('button', { name: 'Void sale (supervisor)' }).click();
    await page.getByLabel('Reason').fill('customer left the shop');
    await page.getByLabel('Supervisor username').fill(supervisor.username);
    await page.getByLabel('Supervisor PIN').fill(supervisor.pin);
    await page.getByRole('button', { name: 'Void sale', exact: true }).click();
    await page.getByText('The sale was voided and its stock released.').waitFor();

    const { body: audit } = await platform.api<{ entries: Array<{ after: { override: unknown } }> }>('/admin/audit?action=transaction.void', { token });
    expect(audit.entries.map((e) => e.after.override)).toEqual([{ reason: 'customer left the shop', approvedBy: supervisor.username }]);
  });

  it("pays partly with a loyalty member's points", async () => {
    await searchBox(page).click();
    await scan(page, bananas.barcode);
    await cart(page).getByText(bananas.name).waitFor();
    await page.getByRole('button', { name: 'Loyalty member' }).click();
    await page.getByLabel('Member number').fill('C-1001');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByText('Ada Lovelace').waitFor();
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-member');
    await page.getByRole('button', { name: 'Use member' }).click();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('button', { name: 'Points', exact: true }).click();
    await page.getByLabel('Points amount').fill('0.50');
    await page.getByRole('button', { name: 'Add points payment' }).click();
    await addPayment(page, 'Cash');
    await page.getByRole('button', { name: `Take ${shown(bananas.priceMinor)}` }).click();
    const number = await expectSaleDone(page);

    const { body: sale } = await receipt(number);
    expect(sale.payments.map((p) => [p.method, p.amountMinor, p.status])).toEqual([
      ['points', 50, 'approved'],
      ['cash', bananas.priceMinor - 50, 'approved'],
    ]);
    await page.getByRole('button', { name: 'New sale' }).click();
  });

  it('refunds part of the first sale found by its receipt number', async () => {
    await page.getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByLabel('Receipt number').fill(String(firstReceipt));
    await page.getByRole('button', { name: 'Find sale' }).click();
    await page.getByRole('button', { name: `Refund one more ${apples.name}` }).click();
    await page.getByLabel('Reason for the refund').fill('bruised');
    await expectAccessible(page);
    await saveScreenshot(page, 'pos-refund');
    await page.getByRole('button', { name: 'Refund 1 item' }).click();
    await page.getByText(`Refunded ${shown(apples.priceMinor)}`).waitFor({ timeout: 60_000 });

    const { body: sale } = await receipt(firstReceipt);
    expect(sale.status).toBe('partially_refunded');
    expect(sale.lines.find((l) => l.sku === apples.sku)!.refundedQuantity).toBe(1);
  });

  it('signs the operator out, and only an administrator unpairs the screen', async () => {
    await page.getByRole('button', { name: 'Sell', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Unpair this screen…' }).click();
    await page.getByLabel('Administrator username').fill(platform.users.finance.username);
    await page.getByLabel('Password').fill(platform.users.finance.password);
    await page.getByRole('button', { name: 'Unpair', exact: true }).click();
    await page.getByRole('alert').getByText('Only an administrator can unpair a screen.').waitFor();
    expect(await page.getByTestId('terminal-identity').textContent()).toContain('Grocery till 1');
    await page.getByLabel('Administrator username').fill(platform.users.admin.username);
    await page.getByLabel('Password').fill(platform.users.admin.password);
    await page.getByRole('button', { name: 'Unpair', exact: true }).click();
    await page.getByRole('heading', { name: 'Pair this screen with a terminal' }).waitFor();
  });
});
