'use client';
import { forwardRef, useState, type KeyboardEvent } from 'react';
import { FOCUS_RING } from '../ui/button';

/**
 * The search box the screen keeps focus in: typing filters the grid by name, SKU or barcode; Enter
 * adds the product whose barcode or SKU is exactly what was typed (a wedge scanner types the code
 * and Enter), or the only product found.
 */
export const ProductSearch = forwardRef<HTMLInputElement, { query: string; onQuery: (q: string) => void; onSubmit: (code: string) => Promise<boolean> }>(
  function ProductSearch({ query, onQuery, onSubmit }, ref) {
    const [checking, setChecking] = useState(false);
    async function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
      if (event.key !== 'Enter' || !query.trim() || checking) return;
      event.preventDefault();
      setChecking(true);
      try {
        if (await onSubmit(query.trim())) onQuery('');
      } finally {
        setChecking(false);
      }
    }
    return (
      <div role="search" className="flex items-center gap-2">
        <label htmlFor="product-search" className="sr-only">
          Search products by name, SKU or barcode
        </label>
        <input
          id="product-search"
          ref={ref}
          type="search"
          value={query}
          autoComplete="off"
          placeholder="Scan or search by name, SKU or barcode"
          onChange={(event) => onQuery(event.target.value)}
          onKeyDown={(event) => void onKeyDown(event)}
          className={`min-h-14 w-full rounded-xl border-2 border-slate-400 bg-white px-4 text-xl placeholder:text-slate-600 ${FOCUS_RING}`}
        />
      </div>
    );
  },
);
