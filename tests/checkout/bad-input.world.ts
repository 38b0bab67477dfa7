import { expect } from 'vitest';
import type { CheckoutPlatform } from './checkout-api';

/** What the server holds before the run; every "unknown" value is generated outside it. */
export interface World {
  reserved: { id: string; totalMinor: number };
  cancelledId: string;
  completedId: string;
  /** Barcodes of products other than GRO-001 (the product the probes change). */
  otherBarcodes: string[];
  existing: Set<string>;
}

/** Three transactions (reserved, cancelled, completed) so state-dependent refusals have something to refuse. */
export async function createWorld(api: CheckoutPlatform): Promise<World> {
  const create = async () => {
    const created = await api.post<{ id: string; totals: { totalMinor: number } }>('/pos/transactions', {
      terminalId: 'T1',
      lines: [{ sku: 'GRO-001', quantity: 1 }],
    });
    expect(created.status, created.text).toBe(201);
    return { id: created.body.id, totalMinor: created.body.totals.totalMinor };
  };
  const reserved = await create();
  const cancelled = await create();
  expect((await api.post(`/pos/transactions/${cancelled.id}/cancel`, {})).status).toBe(200);
  const completed = await create();
  const paid = await api.post(`/pos/transactions/${completed.id}/complete`, { payments: [{ method: 'cash', amountMinor: completed.totalMinor }] });
  expect(paid.status, paid.text).toBe(200);

  const { body: products } = await api.get<{ products: Array<{ sku: string; barcode: string | null }> }>('/admin/products');
  const { body: terminalList } = await api.get<{ terminals: Array<{ id: string }> }>('/admin/terminals');
  const { body: departmentList } = await api.get<{ departments: Array<{ code: string }> }>('/admin/departments');
  const barcodes = products.products.flatMap((p) => (p.barcode ? [p.barcode] : []));
  const otherBarcodes = products.products.flatMap((p) => (p.barcode && p.sku !== 'GRO-001' ? [p.barcode] : []));
  const existing = new Set([
    ...products.products.map((p) => p.sku),
    ...barcodes,
    ...terminalList.terminals.map((t) => t.id),
    ...departmentList.departments.map((d) => d.code),
    'MAIN',
    reserved.id,
    cancelled.id,
    completed.id,
  ]);
  return { reserved, cancelledId: cancelled.id, completedId: completed.id, otherBarcodes, existing };
}
