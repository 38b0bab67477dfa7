import type { z } from 'zod';
import type { reports } from '@tillwire/contracts';
import { addFigures, figuresOf, groupBy, methodOf, NO_FIGURES, type MethodFigures, type SalesFigures } from '../domain/figures';
import type { ReportsContext } from './reports-context';

export interface TerminalDailySummary {
  businessDate: string;
  terminalId: string;
  departmentCode: string;
  currency: string;
  totals: SalesFigures;
  byOperator: Array<{ operatorId: string; figures: SalesFigures }>;
  byDepartment: Array<{ departmentCode: string; figures: SalesFigures }>;
  byPaymentMethod: MethodFigures[];
}

type Params = z.output<typeof reports.terminalDailySummariesParams>;

/** One summary per terminal and business day with sales or refunds, by date then terminal; cached briefly. */
export function terminalDailySummaries(ctx: ReportsContext, params: Params): Promise<TerminalDailySummary[]> {
  const filter = { ...params.dates, terminalIds: [...params.terminalIds].sort(), departmentCode: params.departmentCode };
  return ctx.cache.get(`terminal-daily:${JSON.stringify(filter)}`, async () => {
    const [terminals, operators, departments, methods] = await Promise.all([
      ctx.summaries.terminals(ctx.db, filter),
      ctx.summaries.byOperator(ctx.db, filter),
      ctx.summaries.byDepartment(ctx.db, filter),
      ctx.summaries.byPaymentMethod(ctx.db, filter),
    ]);
    const dayKey = (row: { businessDate: string; terminalId: string }) => `${row.businessDate}|${row.terminalId}`;
    const operatorsOf = groupBy(operators, dayKey);
    const departmentsOf = groupBy(departments, dayKey);
    const methodsOf = groupBy(methods, dayKey);
    return terminals.map((terminal) => {
      const key = dayKey(terminal);
      const byOperator = (operatorsOf.get(key) ?? [])
        .map((row) => ({ operatorId: row.key, figures: figuresOf(row) }))
        .sort((a, b) => a.operatorId.localeCompare(b.operatorId));
      return {
        ...terminal,
        totals: byOperator.reduce((sum, { figures }) => addFigures(sum, figures), NO_FIGURES),
        byOperator,
        byDepartment: (departmentsOf.get(key) ?? [])
          .map((row) => ({ departmentCode: row.key, figures: figuresOf(row) }))
          .sort((a, b) => a.departmentCode.localeCompare(b.departmentCode)),
        byPaymentMethod: (methodsOf.get(key) ?? []).map(methodOf).sort((a, b) => a.method.localeCompare(b.method)),
      };
    });
  });
}
