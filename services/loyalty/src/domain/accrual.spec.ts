import { parseConfig } from '@tillwire/platform';
import { describe, expect, it } from 'vitest';
import type { Account } from './account';
import { decideAccrue as decide } from './accrual';
import type { Entry } from './posting';
import { loyaltyRules } from './tiers';

const rules = loyaltyRules(parseConfig({}).loyalty);
const decideAccrue = (account: Account, entries: readonly Entry[], amountMinor: number) => decide(rules, account, entries, amountMinor);
const bronze: Account = { id: 'C-1', name: 'Ada', email: null, tier: 'bronze', balancePoints: 0, lifetimePoints: 0, version: 0 };

describe('decideAccrue', () => {
  it('earns at the tier held before and moves the tier up after', () => {
    expect(decideAccrue({ ...bronze, lifetimePoints: 990 }, [], 2_000)).toEqual({
      action: 'post',
      posting: { kind: 'accrue', points: 20, lifetimeDelta: 20, tier: 'silver' },
    });
    expect(decideAccrue({ ...bronze, tier: 'silver', lifetimePoints: 4_990 }, [], 2_000)).toEqual({
      action: 'post',
      posting: { kind: 'accrue', points: 25, lifetimeDelta: 25, tier: 'gold' },
    });
  });

  it('takes the tier from lifetime points, not from a stale stored tier', () => {
    expect(decideAccrue({ ...bronze, lifetimePoints: 5_000 }, [], 10_000)).toMatchObject({
      posting: { points: 150, tier: 'gold' },
    });
  });

  it('replays a repeat whatever amount it carries', () => {
    const accrued = {
      id: 4,
      accountId: 'C-1',
      transactionId: '00000000-0000-4000-8000-000000000001',
      sourceId: '00000000-0000-4000-8000-000000000001',
      kind: 'accrue' as const,
      points: 12,
      createdAt: new Date(0),
    };
    expect(decideAccrue(bronze, [accrued], 99_999)).toEqual({ action: 'replay', entry: accrued });
  });
});
