import { randomUUID } from 'node:crypto';
import { nextRunAt, previousBusinessDate } from './domain/schedule';
import type { ReportsContext } from './use-cases/reports-context';
import { runReconciliation } from './use-cases/run-reconciliation';

type Log = { info(...args: unknown[]): void; warn(...args: unknown[]): void };

export interface ReconciliationSchedule {
  stop(): void;
}

/**
 * Reconciles the previous business day at RECONCILIATION_TIME of STORE_TIME_ZONE. Every node hosting
 * reports keeps the timer; only the node whose `running` row claims the date runs it (unique business
 * date), so a day is reconciled once however many nodes there are. A day already reconciled (by hand,
 * or a node that came before) is left as it is.
 */
export function startReconciliationSchedule(ctx: ReportsContext, time: string, log: Log): ReconciliationSchedule {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runOnce = async (at: Date) => {
    const businessDate = previousBusinessDate(at, ctx.timeZone);
    const claimed = await ctx.reconciliations.claim(ctx.db, {
      id: randomUUID(),
      businessDate,
      warnThresholdBp: ctx.reconciliation.warnThresholdBp,
      failThresholdBp: ctx.reconciliation.failThresholdBp,
      currency: ctx.currency,
    });
    if (!claimed) return;
    const result = await runReconciliation(ctx, { businessDate, rerun: true });
    log.info(`Reconciled ${businessDate}: ${result.status}`);
  };

  const schedule = () => {
    if (stopped) return;
    const at = nextRunAt(ctx.now(), time, ctx.timeZone);
    // setTimeout holds at most ~24.8 days; a day is far below.
    timer = setTimeout(() => {
      runOnce(at)
        .catch((error: unknown) => log.warn('The scheduled reconciliation failed; it is recorded as failed and can be run again', error))
        .finally(schedule);
    }, Math.max(0, at.getTime() - ctx.now().getTime()));
    timer.unref();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
