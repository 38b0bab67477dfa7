import type { terminals } from '@tillwire/contracts';
import { withDayFigures } from '../domain/with-day-figures';
import type { TerminalsDeps, TerminalsPeers } from './terminals.deps';

/** Every registered terminal, ordered by id, with today's figures from the transaction store. */
export async function listWithToday(
  deps: Pick<TerminalsDeps, 'db' | 'terminals'>,
  peers: Pick<TerminalsPeers, 'dayFigures'>,
  { refresh }: { refresh: boolean },
): Promise<{ terminals: terminals.TerminalWithToday[] }> {
  const [list, figures] = await Promise.all([deps.terminals.list(deps.db, {}), peers.dayFigures.today({ refresh })]);
  return { terminals: withDayFigures(list, figures.terminals) };
}
