import type { ReconciliationListItem, StoredReconciliation } from '../db/reconciliations.repository';
import type { ReconciliationStatus } from '../domain/reconciliation';
import { reconciliationNotFound } from '../reports.errors';
import type { ReportsContext } from './reports-context';

/** One reconciliation by its id or business date. */
export async function getReconciliation(ctx: ReportsContext, { id }: { id: string }): Promise<StoredReconciliation> {
  const found = await ctx.reconciliations.find(ctx.db, id);
  if (!found) throw reconciliationNotFound(id);
  return found;
}

export interface ListReconciliationsInput {
  fromDate?: string | undefined;
  toDate?: string | undefined;
  status?: ReconciliationStatus | undefined;
  pageSize: number;
  /** The last business date of the previous page. */
  pageToken?: string | undefined;
}

/** Newest business date first, a page at a time; the next page continues before the last date of this one. */
export async function listReconciliations(
  ctx: ReportsContext,
  input: ListReconciliationsInput,
): Promise<{ items: ReconciliationListItem[]; nextPageToken: string }> {
  const rows = await ctx.reconciliations.list(ctx.db, {
    fromDate: input.fromDate,
    toDate: input.toDate,
    status: input.status,
    before: input.pageToken,
    limit: input.pageSize + 1,
  });
  const items = rows.slice(0, input.pageSize);
  return { items, nextPageToken: rows.length > input.pageSize ? items.at(-1)!.businessDate : '' };
}
