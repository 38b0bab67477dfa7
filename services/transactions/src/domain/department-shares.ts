import type { transactions } from '@tillwire/contracts';

type DepartmentShare = transactions.DepartmentShare;

/** Lines summed by department, in department-code order. */
export function departmentShares(lines: ReadonlyArray<{ departmentCode: string; lineTotalMinor: number; quantity: number }>): DepartmentShare[] {
  const shares = new Map<string, DepartmentShare>();
  for (const { departmentCode, lineTotalMinor, quantity } of lines) {
    const share = shares.get(departmentCode) ?? { departmentCode, amountMinor: 0, units: 0 };
    share.amountMinor += lineTotalMinor;
    share.units += quantity;
    shares.set(departmentCode, share);
  }
  return [...shares.values()].sort((a, b) => (a.departmentCode < b.departmentCode ? -1 : a.departmentCode > b.departmentCode ? 1 : 0));
}
