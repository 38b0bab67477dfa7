import { expect } from 'vitest';
import type { CheckoutPlatform } from './checkout-api';

/** What the server holds before the run; every "unknown" value is generated outside it. */
export interface World {
  reserved: { id: string; totalMinor: number };
  cancelledId: string;
  completedId: string;
  /** T1's open shift (seeded); T2's seeded shift, closed, and a transaction reserved on T2 before, which no shift can pay now. */
  openShift: { terminalId: string; shiftId: string };
  closedShift: { terminalId: string; shiftId: string };
  unpayable: { id: string; totalMinor: number };
  /** A cash sale on T2, paid before its shift closed. */
  unrefundableId: string;
  /** Barcodes of products other than GRO-001 (the product the probes change). */
  otherBarcodes: string[];
  existing: Set<string>;
}

/**
 * Three transactions on T1 (reserved, cancelled, completed), and on T2, whose shift is then closed,
 * one reserved and one paid in cash, so state-dependent refusals have something to refuse.
 */
export async function createWorld(api: CheckoutPlatform): Promise<World> {
  const create = async (terminalId = 'T1') => {
    const created = await api.post<{ id: string; totals: { totalMinor: number } }>('/pos/transactions', {
      terminalId,
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
  const currentShift = async (terminalId: string) => {
    const listed = await api.get<{ shifts: Array<{ id: string }> }>(`/pos/terminals/${terminalId}/shifts?status=open`);
    expect(listed.body.shifts, listed.text).toHaveLength(1);
    return { terminalId, shiftId: listed.body.shifts[0]!.id };
  };
  const openShift = await currentShift('T1');
  const closedShift = await currentShift('T2');
  const unpayable = await create('T2');
  const unrefundable = await create('T2');
  const paidOnT2 = await api.post(`/pos/transactions/${unrefundable.id}/complete`, { payments: [{ method: 'cash', amountMinor: unrefundable.totalMinor }] });
  expect(paidOnT2.status, paidOnT2.text).toBe(200);
  const closed = await api.post(`/pos/terminals/T2/shifts/${closedShift.shiftId}/close`, { countedCashMinor: 0 });
  expect(closed.status, closed.text).toBe(200);

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
    unpayable.id,
    unrefundable.id,
    openShift.shiftId,
    closedShift.shiftId,
  ]);
  return {
    reserved,
    cancelledId: cancelled.id,
    completedId: completed.id,
    openShift,
    closedShift,
    unpayable,
    unrefundableId: unrefundable.id,
    otherBarcodes,
    existing,
  };
}
