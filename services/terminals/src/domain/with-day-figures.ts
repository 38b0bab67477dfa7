import type { terminals } from '@tillwire/contracts';

type Listed = Pick<terminals.Terminal, 'id' | 'name' | 'departmentCode' | 'status' | 'lastSeenAt'>;

/**
 * Each terminal with its figures of the day, in the terminals' order; a terminal that sold nothing
 * shows zeros. Figures of terminals no longer registered are left out.
 */
export function withDayFigures(
  list: readonly Listed[],
  figures: ReadonlyArray<{ terminalId: string } & terminals.DayFigures>,
): terminals.TerminalWithToday[] {
  const byTerminal = new Map(figures.map((f) => [f.terminalId, { count: f.count, totalMinor: f.totalMinor }]));
  return list.map(({ id, name, departmentCode, status, lastSeenAt }) => ({
    id,
    name,
    departmentCode,
    status,
    lastSeenAt,
    today: byTerminal.get(id) ?? { count: 0, totalMinor: 0 },
  }));
}
