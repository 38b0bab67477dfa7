import { money } from '../money';
import { FOCUS_RING } from '../ui/button';
import type { CatalogItem } from './catalog.hook';

/** The department's products as large buttons; what is out of stock (or all in the cart) cannot be added. */
export function ProductGrid({
  products,
  currency,
  inCart,
  onAdd,
}: {
  products: CatalogItem[];
  currency: string;
  inCart: (sku: string) => number;
  onAdd: (product: CatalogItem) => void;
}) {
  if (products.length === 0) return <p className="p-4 text-lg text-slate-700">No products match.</p>;
  return (
    <ul aria-label="Products" className="grid grid-cols-3 gap-3 p-1">
      {products.map((product) => {
        const left = product.available - inCart(product.sku);
        const soldOut = left <= 0;
        return (
          <li key={product.sku}>
            <button
              type="button"
              disabled={soldOut}
              onClick={() => onAdd(product)}
              className={`flex h-28 w-full flex-col justify-between rounded-xl border-2 p-3 text-left ${FOCUS_RING} ${
                soldOut ? 'cursor-not-allowed border-slate-200 bg-slate-100 text-slate-600' : 'border-slate-300 bg-white hover:border-sky-600 active:bg-sky-50'
              }`}
            >
              <span className="line-clamp-2 text-base font-semibold leading-tight">
                <span className="sr-only">Add </span>
                {product.name}
              </span>
              <span className="flex items-end justify-between">
                <span className="text-lg font-bold">{money(product.priceMinor, currency)}</span>
                <span className={`text-sm ${soldOut ? 'font-semibold text-red-800' : 'text-slate-700'}`}>
                  {soldOut ? 'Out of stock' : `${left} left`}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
