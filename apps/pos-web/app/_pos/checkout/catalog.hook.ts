'use client';
import { inventory, type WebClient } from '@tillwire/contracts';
import { useCallback, useEffect, useState } from 'react';

const REFRESH_MS = 15_000;
const TYPING_PAUSE_MS = 250;

export type CatalogItem = inventory.Product & { available: number };

/**
 * The terminal's department menu with live availability and the currency its prices are in (null
 * until first read): read again as the search changes, every few seconds, and on `refresh` (after a sale).
 */
export function useCatalog(client: WebClient, terminalId: string, query: string) {
  const [products, setProducts] = useState<CatalogItem[]>([]);
  const [currency, setCurrency] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);

  const fetchCatalog = useCallback(
    (q: string) => {
      const params = new URLSearchParams({ terminalId, ...(q ? { q } : {}) });
      return client.get(`/catalog/products?${params}`, inventory.catalogResult);
    },
    [client, terminalId],
  );

  useEffect(() => {
    let current = true;
    const load = () =>
      fetchCatalog(query.trim()).then(
        (result) => {
          if (!current) return;
          setProducts(result.products.filter((p) => p.active));
          setCurrency(result.currency);
          setError(null);
        },
        (failure: unknown) => current && setError(failure),
      );
    const typing = setTimeout(load, query ? TYPING_PAUSE_MS : 0);
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      current = false;
      clearTimeout(typing);
      clearInterval(timer);
    };
  }, [fetchCatalog, query, version]);

  /** The active product whose barcode or SKU is exactly `code` (what a scanner sends), fresh from the API. */
  const findExact = useCallback(
    async (code: string): Promise<CatalogItem | undefined> => {
      const wanted = code.trim();
      const { products: found } = await fetchCatalog(wanted);
      return found.find((p) => p.active && (p.barcode === wanted || p.sku.toLowerCase() === wanted.toLowerCase()));
    },
    [fetchCatalog],
  );

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  return { products, currency, error, findExact, refresh };
}
