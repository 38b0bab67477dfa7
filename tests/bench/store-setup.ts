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

/** The seeded terminals, and per department the products stocked for the run. */
export interface StockedStore {
  readonly terminals: readonly Terminal[];
  readonly productsByDepartment: ReadonlyMap<string, readonly Product[]>;
}

/** Stocks the first `skusPerDepartment` products (by SKU) of every terminal's department through the public API. */
export async function stockTheStore(api: ApiClient, skusPerDepartment: number): Promise<StockedStore> {
  const { terminals } = await api.expect(200, 'list terminals', api.get<{ terminals: Terminal[] }>('/admin/terminals'));
  if (terminals.length === 0) throw new Error('The seeded store has no terminals');
  const productsByDepartment = new Map<string, Product[]>();
  for (const terminal of terminals) {
    if (productsByDepartment.has(terminal.departmentCode)) continue;
    const products = await departmentProducts(api, terminal.departmentCode, skusPerDepartment);
    for (const product of products) await receive(api, terminal.locationCode, product.sku);
    productsByDepartment.set(terminal.departmentCode, products);
  }
  return { terminals, productsByDepartment };
}

/**
 * One basket per client loop, each loop a till of its own: loops take the terminals in turn, and
 * the loops of a department buy successive runs of its stocked products, so baskets differ and
 * overlap about as much as the stocked range allows (3 products per department: every checkout of
 * the department hits the same stock rows).
 */
export function basketsFor(store: StockedStore, loops: number): Basket[] {
  const seenInDepartment = new Map<string, number>();
  return Array.from({ length: loops }, (_, loop) => {
    const terminal = store.terminals[loop % store.terminals.length]!;
    const products = store.productsByDepartment.get(terminal.departmentCode)!;
    const rank = seenInDepartment.get(terminal.departmentCode) ?? 0;
    seenInDepartment.set(terminal.departmentCode, rank + 1);
    return {
      terminalId: terminal.id,
      departmentCode: terminal.departmentCode,
      locationCode: terminal.locationCode,
      lines: Array.from({ length: LINES_PER_CHECKOUT }, (_, i) => {
        const product = products[(rank * LINES_PER_CHECKOUT + i) % products.length]!;
        return { sku: product.sku, quantity: 1, taxRateBp: product.taxRateBp };
      }),
    };
  });
}

async function departmentProducts(api: ApiClient, departmentCode: string, count: number): Promise<Product[]> {
  const { products } = await api.expect(
    200,
    `list ${departmentCode} products`,
    api.get<{ products: Product[] }>(`/admin/products?departmentCode=${encodeURIComponent(departmentCode)}`),
  );
  const chosen = products
    .filter((product) => product.active)
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .slice(0, count);
  if (chosen.length < count) throw new Error(`Department ${departmentCode} has only ${chosen.length} products, not ${count}`);
  return chosen;
}

async function receive(api: ApiClient, locationCode: string, sku: string): Promise<void> {
  const lines = Array.from({ length: UNITS_PER_SKU / MAX_LINE_QUANTITY }, () => ({ sku, quantity: MAX_LINE_QUANTITY }));
  await api.expect(201, `receive ${sku}`, api.post('/inventory/receipts', { locationCode, lines }));
}
