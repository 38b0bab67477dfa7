import { describe, expect, it } from 'vitest';
import { StockAttempts } from './stock-attempts';

describe('StockAttempts', () => {
  it('tallies applied changes by attempts, lost races, refusals and contention; superseded ones only as lost races', () => {
    const attempts = new StockAttempts();
    attempts.record(1, 0, 'applied');
    attempts.record(3, 2, 'applied');
    attempts.record(1, 0, 'applied');
    attempts.record(4, 4, 'rejected');
    attempts.record(16, 16, 'contention');
    attempts.record(1, 1, 'superseded');
    expect(attempts.snapshot()).toEqual({ appliedByAttempts: { 1: 2, 3: 1 }, conflicts: 23, rejected: 1, contention: 1 });
  });
});
