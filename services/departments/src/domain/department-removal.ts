import type { departments } from '@tillwire/contracts';

/** What still names a department. */
export interface DepartmentUse {
  readonly terminals: number;
  readonly products: number;
}

/**
 * A department can be removed only when no terminal and no product names it any more. Its ledger
 * entries are history that carries the code by value, so they never block a removal.
 */
export function removalRefusal(use: DepartmentUse): departments.DepartmentInUse | undefined {
  if (use.terminals === 0 && use.products === 0) return undefined;
  return { reason: 'in_use', terminals: use.terminals, products: use.products };
}
