import { transactions } from '@tillwire/contracts';
import type { Context } from 'moleculer';

/** What the terminals service asks of the transactions service: today's figures per terminal. */
export interface DayFiguresSource {
  /** `refresh` skips the figures' 30 s cache and replaces what it holds. */
  today(options: { refresh: boolean }): Promise<transactions.TerminalDayResult>;
}

export function dayFiguresSource(ctx: Context): DayFiguresSource {
  return {
    async today({ refresh }) {
      const options = refresh ? { meta: { $cache: false } } : {};
      return transactions.terminalDayResult.parse(await ctx.call(transactions.TransactionsActions.terminalDay, {}, options));
    },
  };
}
