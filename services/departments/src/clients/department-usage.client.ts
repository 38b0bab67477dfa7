import { inventory, terminals } from '@tillwire/contracts';
import type { Context } from 'moleculer';
import type { DepartmentUse } from '../domain/department-removal';

/** What the departments service asks of the services whose records name a department. */
export interface DepartmentUsage {
  count(departmentCode: string): Promise<DepartmentUse>;
}

/**
 * Over the broker, in the caller's context. A service that does not answer fails the call (503): a
 * department is removed only when both have said that nothing names it.
 */
export function departmentUsage(ctx: Context): DepartmentUsage {
  return {
    async count(departmentCode) {
      const [terminalCount, productCount] = await Promise.all([
        ctx.call(terminals.TerminalsActions.count, { departmentCode }),
        ctx.call(inventory.InventoryActions.countProducts, { departmentCode }),
      ]);
      return {
        terminals: terminals.countTerminalsResult.parse(terminalCount).count,
        products: inventory.countProductsResult.parse(productCount).count,
      };
    },
  };
}
