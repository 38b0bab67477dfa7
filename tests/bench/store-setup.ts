import type { ApiClient } from './api-client';
import type { Basket } from './http-checkout';

export const LINES_PER_CHECKOUT = 3;
/** Far more than any run sells, so no checkout is ever refused for stock. */
const UNITS_PER_SKU = 1_000_000;
/** The API's largest quantity per line; a receipt repeats the line (the platform adds them up). */
const MAX_LINE_QUANTITY = 10_000;

interface Terminal {
  id: string;
  departmentCode: string;
  locationCode: string;
}
interface Product {
  sku: string;
  taxRateBp: number;
  active: boolean;
}

/**
 * Stocks the seeded store through the public API and returns one basket per terminal: the first
 * `LINES_PER_CHECKOUT` products of the terminal's department, one unit each.
 */
export async function stockTheStore(api: ApiClient): Promise<Basket[]> {
  const { terminals } = await api.expect(200, 'list terminals', api.get<{ terminals: Terminal[] }>('/admin/terminals'));
  if (terminals.length === 0) throw new Error('The seeded store has no terminals');
  const stocked = new Map<string, Product[]>();
  for (const terminal of terminals) {
    const place = `${terminal.locationCode}/${terminal.departmentCode}`;
    if (stocked.has(place)) continue;
    const products = await departmentProducts(api, terminal.departmentCode);
    for (const product of products) await receive(api, terminal.locationCode, product.sku);
    stocked.set(place, products);
  }
  return terminals.map((terminal) => ({
    terminalId: terminal.id,
    departmentCode: terminal.departmentCode,
    locationCode: terminal.locationCode,
    lines: stocked
      .get(`${terminal.locationCode}/${terminal.departmentCode}`)!
      .map((product) => ({ sku: product.sku, quantity: 1, taxRateBp: product.taxRateBp })),
  }));
}

async function departmentProducts(api: ApiClient, departmentCode: string): Promise<Product[]> {
  const { products } = await api.expect(
    200,
    `list ${departmentCode} products`,
    api.get<{ products: Product[] }>(`/admin/products?departmentCode=${encodeURIComponent(departmentCode)}`),
  );
  const chosen = products
    .filter((product) => product.active)
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .slice(0, LINES_PER_CHECKOUT);
  if (chosen.length < LINES_PER_CHECKOUT) throw new Error(`Department ${departmentCode} has fewer than ${LINES_PER_CHECKOUT} products`);
  return chosen;
}

async function receive(api: ApiClient, locationCode: string, sku: string): Promise<void> {
  const lines = Array.from({ length: UNITS_PER_SKU / MAX_LINE_QUANTITY }, () => ({ sku, quantity: MAX_LINE_QUANTITY }));
  await api.expect(201, `receive ${sku}`, api.post('/inventory/receipts', { locationCode, lines }));
}
