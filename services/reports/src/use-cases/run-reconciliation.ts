import { randomUUID } from 'node:crypto';
import { departments, inventory, reports, terminals, transactions } from '@tillwire/contracts';
import type { StoredReconciliation } from '../db/reconciliations.repository';
import { DayReconciliation, type ReconciliationOutcome, type TerminalTotals, type Thresholds } from '../domain/reconciliation';
import { dependencyUnavailable } from '../reports.errors';
import { recordReconciliationMetrics } from '../reports.metrics';
import type { ReportsContext } from './reports-context';

/** A terminal answers its totals within this, or counts as unreachable. */
const TOTALS_TIMEOUT_MS = 15_000;
/** One slice of a source: a few thousand rows, well within a broker message. */
const SOURCE_TIMEOUT_MS = 60_000;
/** Sales per slice: the largest answer (the ledger's sales, lines and card payments) stays far below NATS's 1 MB default message. */
const SLICE_SALES = 1_000;
/** Sources that record a sale before it completes (reservation, payment) are read from this much earlier. */
const LEAD_MS = 24 * 60 * 60 * 1_000;

/**
 * Reconciles a business day three ways: the backend ledger against the terminals and against the stock
 * movements and department ledger. The day is read slice by slice of transaction ids, each slice one
 * set-based read of every owning service; the result replaces the date's previous one in one transaction. A day already reconciled is answered as it is
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
  let outcome: ReconciliationOutcome & { currency: string };
  try {
    outcome = await reconcileDay(ctx, day, thresholds);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    await ctx.reconciliations.recordFailure(ctx.db, {
      id,
      businessDate: params.businessDate,
      state: 'failed',
      status: null,
      ...thresholds,
      currency: ctx.currency,
      error: cause.slice(0, 500),
      startedAt,
      completedAt: ctx.now(),
    });
    throw dependencyUnavailable('A reconciliation source', cause);
  }

  const result: StoredReconciliation = {
    id,
    businessDate: params.businessDate,
    state: 'completed',
    status: outcome.status,
    ...thresholds,
    currency: outcome.currency,
    error: null,
    startedAt,
    completedAt: ctx.now(),
    lines: outcome.lines,
    mismatches: outcome.mismatches,
  };
  await ctx.transact((tx) => ctx.reconciliations.replace(tx, result));
  recordReconciliationMetrics(outcome.status, outcome.lines);
  if (outcome.status === 'fail') {
    const event: reports.ReconciliationFailedEvent = {
      reconciliationId: id,
      businessDate: params.businessDate,
      failCount: result.lines.filter((l) => l.status === 'fail').length,
    };
    await ctx.broadcast(reports.ReportsEvents.reconciliationFailed, event);
  }
  return result;
}

/**
 * Every slice of the day from every source, one slice at a time (the ledger's next slice is read while
 * the other sources answer for the current one), then each terminal's own totals.
 */
async function reconcileDay(ctx: ReportsContext, day: { from: string; to: string }, thresholds: Thresholds) {
  const early = { from: new Date(Date.parse(day.from) - LEAD_MS).toISOString(), to: day.to };
  const options = { timeout: SOURCE_TIMEOUT_MS };
  const tally = new DayReconciliation(day.from, ctx.currency);
  const ledgerAfter = (after: string | undefined) =>
    ctx.call<reports.DayLedger>(transactions.TransactionsActions.dayLedger, { ...day, after, limit: SLICE_SALES }, options);

  let after: string | undefined;
  let ledger = await ledgerAfter(after);
  for (;;) {
    // A full slice ends at its last sale; the last slice takes every id after it, so rows without a sale are read too.
    const upTo = ledger.sales.length === SLICE_SALES ? ledger.sales[ledger.sales.length - 1]!.transactionId : undefined;
    const slice = { ...early, after, upTo };
    const [next, payments, stock, departmentLedger] = await Promise.all([
      upTo === undefined ? undefined : ledgerAfter(upTo),
      ctx.call<reports.DayTerminalPayments>(terminals.TerminalsActions.dayPayments, slice, options),
      ctx.call<reports.DayStockSales>(inventory.InventoryActions.daySales, slice, options),
      ctx.call<reports.DayDepartmentLedger>(departments.DepartmentsActions.dayLedger, slice, options),
    ]);
    tally.add({ ledger, payments: payments.payments, movements: stock.movements, departmentEntries: departmentLedger.entries });
    if (next === undefined) break;
    [after, ledger] = [upTo, next];
  }
  const { terminals: roster } = await ctx.call<reports.TerminalRoster>(terminals.TerminalsActions.roster, {}, options);
  return tally.finish(roster, await totalsOf(ctx, roster, tally.activeTerminals()), thresholds);
}

/**
 * Each terminal's own totals (GetTotals): asked of every connected terminal, in parallel; one that is
 * not connected, or does not answer, is unreachable when it had card payments to compare.
 */
async function totalsOf(ctx: ReportsContext, roster: reports.TerminalRoster['terminals'], activeTerminals: readonly string[]): Promise<Map<string, TerminalTotals>> {
  const active = new Set(activeTerminals);
  const totals = new Map<string, TerminalTotals>();
  await Promise.all(
    roster.map(async ({ terminalId, connected }) => {
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
