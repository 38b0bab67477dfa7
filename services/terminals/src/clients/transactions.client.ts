import type { Context } from 'moleculer';
import { z } from 'zod';
import { errorType } from './broker-error';

/**
 * `transactions.openCount {terminalId} → {count}`: transactions of a terminal that are not finished
 * (pending, reserved, completing). Proposed for libs/contracts; parsed here until it lands there.
 */
export const OPEN_COUNT_ACTION = 'transactions.openCount';
const openCountResult = z.object({ count: z.number().int().min(0) });

export interface OpenTransactions {
  count(terminalId: string): Promise<number>;
}

/**
 * Counts through the transactions service. Only when no node runs that service at all is the count 0
 * (no transactions can be open); a running service that cannot answer fails the call.
 */
export function openTransactions(ctx: Context): OpenTransactions {
  return {
    async count(terminalId) {
      try {
        return openCountResult.parse(await ctx.call(OPEN_COUNT_ACTION, { terminalId })).count;
      } catch (error) {
        if (errorType(error) === 'SERVICE_NOT_FOUND' && !transactionsServiceRuns(ctx)) {
          ctx.broker.logger.warn(`No transactions service runs: terminal ${terminalId} counts no open transactions`);
          return 0;
        }
        throw error;
      }
    },
  };
}

function transactionsServiceRuns(ctx: Context): boolean {
  return ctx.broker.registry
    .getServiceList({ onlyAvailable: true, skipInternal: true })
    .some((service) => service.name === 'transactions');
}
