import { describe, expect, it } from 'vitest';
import { withDayFigures } from './with-day-figures';

const terminal = (id: string) => ({ id, name: `Till ${id}`, departmentCode: 'GROCERY', status: 'online' as const, lastSeenAt: null });

describe('withDayFigures', () => {
  it("gives each terminal its own figures and zeros to one that sold nothing, in the list's order", () => {
    const list = [terminal('T1'), terminal('T2'), terminal('T3')];
    const figures = [
      { terminalId: 'T3', count: 1, totalMinor: -250 },
      { terminalId: 'T1', count: 2, totalMinor: 1_000 },
    ];
    expect(withDayFigures(list, figures)).toEqual([
      { ...terminal('T1'), today: { count: 2, totalMinor: 1_000 } },
      { ...terminal('T2'), today: { count: 0, totalMinor: 0 } },
      { ...terminal('T3'), today: { count: 1, totalMinor: -250 } },
    ]);
  });

  it('leaves out figures of a terminal that is no longer registered, and fields the list does not show', () => {
    const registered = { ...terminal('T1'), locationCode: 'MAIN', vendor: 'simulator' };
    expect(withDayFigures([registered], [{ terminalId: 'GONE', count: 4, totalMinor: 400 }])).toEqual([
      { ...terminal('T1'), today: { count: 0, totalMinor: 0 } },
    ]);
  });
});
