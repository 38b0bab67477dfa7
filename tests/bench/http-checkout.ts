import type { ApiClient } from './api-client';

/** What one simulated terminal buys, checkout after checkout. */
export interface Basket {
  readonly terminalId: string;
  readonly departmentCode: string;
  readonly locationCode: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number; readonly taxRateBp: number }>;
}

export interface CreatedTransaction {
  id: string;
  status: string;
  departmentCode: string;
  lines: Array<{
    lineNo: number;
    sku: string;
    name: string;
    quantity: number;
    unitPriceMinor: number;
    taxMinor: number;
    discountMinor: number;
    lineTotalMinor: number;
    departmentCode: string;
  }>;
  totals: { subtotalMinor: number; discountMinor: number; taxMinor: number; totalMinor: number };
  reservationExpiresAt: string | null;
}

export interface TimedCheckout {
  readonly created: CreatedTransaction;
  readonly createMs: number;
  readonly completeMs: number;
}

/** One full checkout over the public API, as a till does it: reserve the basket, then pay cash. */
export async function httpCheckout(api: ApiClient, basket: Basket): Promise<TimedCheckout> {
  const begun = performance.now();
  const created = await api.expect(
    201,
    'create',
    api.post<CreatedTransaction>('/pos/transactions', {
      terminalId: basket.terminalId,
      lines: basket.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    }),
  );
  const reserved = performance.now();
  const completed = await api.expect(
    200,
    'complete',
    api.post<{ status: string }>(`/pos/transactions/${created.id}/complete`, {
      payments: [{ method: 'cash', amountMinor: created.totals.totalMinor }],
    }),
  );
  if (completed.status !== 'completed') throw new Error(`complete: status ${completed.status}`);
  return { created, createMs: reserved - begun, completeMs: performance.now() - reserved };
}
