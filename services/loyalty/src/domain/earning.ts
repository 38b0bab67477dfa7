/** What of a sale earns points: everything but the part paid with points. */
export function earningAmount(sale: { totalMinor: number; payments: ReadonlyArray<{ method: string; amountMinor: number }> }): number {
  const paidWithPoints = sale.payments.filter((p) => p.method === 'points').reduce((sum, p) => sum + p.amountMinor, 0);
  return Math.max(0, sale.totalMinor - paidWithPoints);
}
