import { randomUUID } from 'node:crypto';
import { departments, inventory, reports, terminals, transactions } from '@tillwire/contracts';
import type { StoredReconciliation } from '../db/reconciliations.repository';
import { reconcile, type ReconciliationSources, type TerminalTotals } from '../domain/reconciliation';
import { dependencyUnavailable } from '../reports.errors';
import type { ReportsContext } from './reports-context';

/** A terminal answers its totals within this, or counts as unreachable. */
const TOTALS_TIMEOUT_MS = 15_000;
/** Each source reads a whole day (a million sales and more), well past the broker's default timeout. */
const SOURCE_TIMEOUT_MS = 120_000;
/** Sources that record a sale before it completes (reservation, payment) are read from this much earlier. */
const LEAD_MS = 24 * 60 * 60 * 1_000;

/**
 * Reconciles a business day three ways: the backend ledger against the terminals and against the stock
 * movements and department ledger. Each source is one set-based read of its owning service; the result
 * replaces the date's previous one in one transaction. A day already reconciled is answered as it is
 * unless `rerun` is set. A fail is broadcast for alerting.
 */
export async function runReconciliation(ctx: ReportsContext, params: reports.RunReconciliationParams): Promise<StoredReconciliation> {
  if (!params.rerun) {
    const existing = await ctx.reconciliations.find(ctx.db, params.businessDate);
    if (existing && existing.state !== 'failed') return existing;
  }
  const thresholds = {
    warnThresholdBp: params.warnThresholdBp ?? Math.min(ctx.reconciliation.warnThresholdBp, params.failThresholdBp ?? Infinity),
    failThresholdBp: params.failThresholdBp ?? Math.max(ctx.reconciliation.failThresholdBp, params.warnThresholdBp ?? 0),
  };
  const startedAt = ctx.now();
  const id = randomUUID();
  const day = await ctx.reconciliations.dayWindow(ctx.db, params.businessDate, ctx.timeZone);
  let sources: ReconciliationSources;
  try {
    sources = await gather(ctx, day);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    await ctx.reconciliations.recordFailure(ctx.db, {
      id,
      businessDate: params.businessDate,
      state: 'failed',
      status: null,
      ...thresholds,
      currency: 'EUR',
      error: cause.slice(0, 500),
      startedAt,
      completedAt: ctx.now(),
    });
    throw dependencyUnavailable('A reconciliation source', cause);
  }

  const outcome = reconcile(sources, thresholds);
  const result: StoredReconciliation = {
    id,
    businessDate: params.businessDate,
    state: 'completed',
    status: outcome.status,
    ...thresholds,
    currency: sources.ledger.currency,
    error: null,
    startedAt,
    completedAt: ctx.now(),
    lines: outcome.lines,
    mismatches: outcome.mismatches,
  };
  await ctx.transact((tx) => ctx.reconciliations.replace(tx, result));
  if (result.status === 'fail') {
    // Metric hook: the metrics issue counts reconciliation fails (by date) from this event.
    const event: reports.ReconciliationFailedEvent = {
      reconciliationId: id,
      businessDate: params.businessDate,
      failCount: result.lines.filter((l) => l.status === 'fail').length,
    };
    await ctx.broadcast(reports.ReportsEvents.reconciliationFailed, event);
  }
  return result;
}

/** Every source's day, each one set-based read of the service that owns it, in parallel. */
async function gather(ctx: ReportsContext, day: { from: string; to: string }): Promise<ReconciliationSources> {
  const early = { from: new Date(Date.parse(day.from) - LEAD_MS).toISOString(), to: day.to };
  const options = { timeout: SOURCE_TIMEOUT_MS };
  const [ledger, terminalPayments, stock, departmentLedger] = await Promise.all([
    ctx.call<reports.DayLedger>(transactions.TransactionsActions.dayLedger, day, options),
    ctx.call<reports.DayTerminalPayments>(terminals.TerminalsActions.dayPayments, early, options),
    ctx.call<reports.DayStockSales>(inventory.InventoryActions.daySales, early, options),
    ctx.call<reports.DayDepartmentLedger>(departments.DepartmentsActions.dayLedger, early, options),
  ]);
  const terminalTotals = await totalsOf(ctx, ledger, terminalPayments);
  return { dayStart: day.from, ledger, terminalPayments, stock, departmentLedger, terminalTotals };
}

/**
 * Each terminal's own totals (GetTotals): asked of every connected terminal, in parallel; one that is
 * not connected, or does not answer, is unreachable when it had card payments to compare.
 */
async function totalsOf(ctx: ReportsContext, ledger: reports.DayLedger, payments: reports.DayTerminalPayments): Promise<Map<string, TerminalTotals>> {
  const active = new Set([...ledger.cardPayments.map((p) => p.terminalId), ...payments.payments.map((p) => p.terminalId)]);
  const totals = new Map<string, TerminalTotals>();
  await Promise.all(
    payments.terminals.map(async ({ terminalId, connected }) => {
      if (!connected) {
        if (active.has(terminalId)) totals.set(terminalId, { reachable: false });
        return;
      }
      try {
        const answer = await ctx.call<{ groups: Array<{ debitMinor: number }> }>(
          terminals.TerminalsActions.totals,
          { terminalId, groupBy: ['poi'] },
          { timeout: TOTALS_TIMEOUT_MS },
        );
        totals.set(terminalId, { reachable: true, debitMinor: answer.groups.reduce((sum, g) => sum + g.debitMinor, 0) });
      } catch {
        totals.set(terminalId, { reachable: false });
      }
    }),
  );
  for (const terminalId of active) if (!totals.has(terminalId)) totals.set(terminalId, { reachable: false });
  return totals;
}
