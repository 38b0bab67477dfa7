import { departments } from '@tillwire/contracts';
import type { SagaStep } from '@tillwire/platform';
import type { CheckoutDeps } from '../checkout-deps';
import type { CreateTransactionCtx } from '../transaction-contexts';

/** Books each line to a department ledger; compensation writes the reversing entries. */
export const allocateStep = (deps: CheckoutDeps): SagaStep<CreateTransactionCtx> => ({
  id: 'allocate',
  async invoke(ctx) {
    await deps.call(departments.DepartmentsActions.allocate, {
      transactionId: ctx.transactionId,
      terminalDepartmentCode: ctx.departmentCode,
      lines: ctx.priced.map((line) => ({
        lineNo: line.lineNo,
        sku: line.sku,
        productDepartmentCode: line.departmentCode,
        amountMinor: line.lineTotalMinor,
        taxMinor: line.taxMinor,
      })),
    });
    return { allocated: true };
  },
  async compensate(_created, ctx) {
    await deps.call(departments.DepartmentsActions.unallocate, { transactionId: ctx.transactionId });
  },
});
