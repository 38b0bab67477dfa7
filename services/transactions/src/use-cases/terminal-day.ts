import type { transactions } from '@tillwire/contracts';
import type { CheckoutContext } from './checkout-sagas';

/** A store day's figures per terminal, the day taken in the store's time zone, in its currency. */
export async function terminalDay(
  { deps }: CheckoutContext,
  { date }: { date?: string | undefined },
): Promise<transactions.TerminalDayResult> {
  const { timeZone, currency } = deps.config.store;
  const day = await deps.repository.terminalDay(deps.sql, timeZone, date);
  return { date: day.date, timeZone, currency, terminals: day.terminals };
}
