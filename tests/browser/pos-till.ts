import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { EventStreamParser } from '../../libs/contracts/src/http/event-stream';
import { currencyExponent, formatDecimal, formatMoney } from '@tillwire/contracts';
import { expectAccessible, saveScreenshot, SCREEN_LOCALE } from './support/browser';
import type { BrowserPlatform } from './support/browser-platform';

export interface Product {
  sku: string;
  barcode: string;
  name: string;
  priceMinor: number;
}

interface TerminalDay {
  id: string;
  today: { count: number; totalMinor: number };
}

/** The platform's administrator token, for setting up and checking what the screen did. */
export async function adminToken(platform: BrowserPlatform): Promise<string> {
  return platform.signIn(platform.users.admin.username, platform.users.admin.password);
}

/** Products of a department with stock, as the API lists them. */
export async function productsOf(platform: BrowserPlatform, token: string, departmentCode: string): Promise<Product[]> {
  const { body } = await platform.api<{ products: Array<Product & { barcode: string | null }> }>(`/admin/products?departmentCode=${departmentCode}`, { token });
  return body.products.filter((p): p is Product => p.barcode !== null);
}

/** Today's completed sales of a terminal, recomputed (not the cached figures). */
export async function todayOf(platform: BrowserPlatform, token: string, terminalId: string): Promise<TerminalDay['today']> {
  const { body } = await platform.api<TerminalDay[]>('/api/admin/pos/terminals?refresh=1', { token });
  return body.find((t) => t.id === terminalId)!.today;
}

/**
 * The types of a terminal's lifecycle events from its event stream, oldest first, read until
 * `enough` says they are (or the stream ends).
 */
export async function eventTypesUntil(platform: BrowserPlatform, token: string, terminalId: string, enough: (types: string[]) => boolean): Promise<string[]> {
  const controller = new AbortController();
  const response = await fetch(`${platform.apiUrl}/pos/terminals/${terminalId}/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const parser = new EventStreamParser();
  const decoder = new TextDecoder();
  const types: string[] = [];
  try {
    while (!enough(types)) {
      const { done, value } = await reader.read();
      if (done) break;
      types.push(...parser.push(decoder.decode(value, { stream: true })).map((event) => event.type));
    }
  } finally {
    controller.abort();
  }
  return types;
}

/** Pairs a fresh screen with `terminalName` as the administrator. */
export async function pairAsAdmin(page: Page, platform: BrowserPlatform, terminalName: string): Promise<void> {
  await page.goto(platform.posUrl);
  await page.getByRole('heading', { name: 'Pair this screen with a terminal' }).waitFor();
  await page.getByLabel('Username').fill(platform.users.admin.username);
  await page.getByLabel('Password').fill(platform.users.admin.password);
  await page.getByRole('button', { name: 'Sign in to pair' }).click();
  await page.getByRole('button', { name: new RegExp(`^Pair with ${terminalName}\\b`) }).click();
  await page.getByRole('heading', { name: `Sign in to ${terminalName}` }).waitFor();
}

/**
 * Pairs a fresh screen as the department's supervisor, signing in with their PIN at `terminalId`
 * (the list of terminals offered is checked by axe and kept as a screenshot); answers the terminals offered.
 */
export async function pairAsSupervisor(page: Page, platform: BrowserPlatform, departmentCode: string, terminalId: string, terminalName: string): Promise<string[]> {
  const supervisor = platform.users.supervisor(departmentCode);
  await page.goto(platform.posUrl);
  await page.getByRole('button', { name: 'Supervisor', exact: true }).click();
  await page.getByLabel('Username').fill(supervisor.username);
  await page.getByLabel('PIN').fill(supervisor.pin);
  await page.getByLabel('Terminal ID').fill(terminalId);
  await page.getByRole('button', { name: 'Sign in to pair' }).click();
  const choices = page.getByRole('button', { name: /^Pair with / });
  await choices.first().waitFor();
  const offered = await choices.allTextContents();
  await expectAccessible(page);
  await saveScreenshot(page, 'pos-pairing-terminals');
  await page.getByRole('button', { name: new RegExp(`^Pair with ${terminalName}\\b`) }).click();
  await page.getByRole('heading', { name: `Sign in to ${terminalName}` }).waitFor();
  return offered;
}

/** Signs the department's operator in at the paired screen. */
export async function signInOperator(page: Page, platform: BrowserPlatform, departmentCode: string): Promise<void> {
  const operator = platform.users.operator(departmentCode);
  await page.getByLabel('Username').fill(operator.username);
  await page.getByLabel('PIN').fill(operator.pin);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await searchBox(page).waitFor();
}

export const searchBox = (page: Page) => page.getByRole('searchbox', { name: /Search products/ });
export const cart = (page: Page) => page.getByRole('list', { name: 'Cart' });

/** Types a code as a keyboard-wedge scanner does: fast, then Enter, into whatever has focus. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** The store's currency unless a test's platform sets STORE_CURRENCY: the platform's default. */
const DEFAULT_CURRENCY = 'EUR';

/** Minor units as the screen shows them (its locale is SCREEN_LOCALE): 1250 → `€12.50`, 1250 yen → `¥1,250`. */
export const shown = (minor: number, currency = DEFAULT_CURRENCY) => formatMoney(minor, currency, SCREEN_LOCALE);
/** Minor units as a cashier types the amount: 1250 → `12.50`, 1250 yen → `1250`. */
export const typed = (minor: number, currency = DEFAULT_CURRENCY) => formatDecimal(minor, currencyExponent(currency));

/** Adds a payment on the payment screen; the amount field holds the rest of the total unless given. */
export async function addPayment(
  page: Page,
  method: 'Cash' | 'Card',
  amountMinor?: number,
  receivedMinor?: number,
  currency = DEFAULT_CURRENCY,
): Promise<void> {
  await page.getByRole('button', { name: method, exact: true }).click();
  if (amountMinor !== undefined) await page.getByLabel(`${method} amount`).fill(typed(amountMinor, currency));
  if (receivedMinor !== undefined) await page.getByLabel('Cash received').fill(typed(receivedMinor, currency));
  await page.getByRole('button', { name: `Add ${method.toLowerCase()} payment` }).click();
}

/** The progress step's state as a screen reader hears it: done, in progress, failed, not needed, to do. */
export async function stepState(page: Page, step: string): Promise<string> {
  const item = page.getByRole('listitem').filter({ hasText: new RegExp(`^\\S*\\s*${step}`) });
  return (await item.textContent()) ?? '';
}

/** Waits until the progress has reached done, and the receipt is on screen. */
export async function expectSaleDone(page: Page): Promise<number> {
  await page.getByText('Sale complete.').waitFor({ timeout: 60_000 });
  expect(await stepState(page, 'Done')).toContain('(done)');
  const heading = await page.getByRole('heading', { name: /^Receipt \d+$/ }).textContent();
  return Number(heading!.replace('Receipt ', ''));
}
