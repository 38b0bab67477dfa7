import { describe, expect, it } from 'vitest';
import { nextRunAt, previousBusinessDate } from './schedule';

describe('the nightly reconciliation schedule', () => {
  it('runs next at the local time of the store’s zone, today when it is still ahead, else tomorrow', () => {
    expect(nextRunAt(new Date('2025-03-10T00:30:00Z'), '02:00', 'UTC')).toEqual(new Date('2025-03-10T02:00:00Z'));
    expect(nextRunAt(new Date('2025-03-10T02:00:00Z'), '02:00', 'UTC')).toEqual(new Date('2025-03-11T02:00:00Z'));
    // Berlin is UTC+1 in winter, UTC+2 in summer.
    expect(nextRunAt(new Date('2025-01-15T12:00:00Z'), '02:00', 'Europe/Berlin')).toEqual(new Date('2025-01-16T01:00:00Z'));
    expect(nextRunAt(new Date('2025-07-15T12:00:00Z'), '02:00', 'Europe/Berlin')).toEqual(new Date('2025-07-16T00:00:00Z'));
    // Across the spring change (30 March 2025, 02:00 → 03:00): the day after is in summer time.
    expect(nextRunAt(new Date('2025-03-30T12:00:00Z'), '02:00', 'Europe/Berlin')).toEqual(new Date('2025-03-31T00:00:00Z'));
    expect(nextRunAt(new Date('2025-03-10T23:30:00Z'), '08:15', 'America/New_York')).toEqual(new Date('2025-03-11T12:15:00Z'));
  });

  it('reconciles the previous business day of the store’s zone', () => {
    expect(previousBusinessDate(new Date('2025-03-10T01:00:00Z'), 'UTC')).toBe('2025-03-09');
    // 00:30 on 1 March in Berlin is still 28 February in UTC.
    expect(previousBusinessDate(new Date('2025-02-28T23:30:00Z'), 'Europe/Berlin')).toBe('2025-02-28');
    expect(previousBusinessDate(new Date('2024-03-01T12:00:00Z'), 'UTC')).toBe('2024-02-29');
  });
});
