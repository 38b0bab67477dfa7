import { describe, expect, it } from 'vitest';
import { TransactionTerminals } from './transaction-terminals';

/** A lookup that answers `terminalId` and counts its calls. */
function lookupOf(terminalId: string) {
  const lookup = async () => {
    lookup.calls += 1;
    return terminalId;
  };
  lookup.calls = 0;
  return lookup;
}

describe('TransactionTerminals', () => {
  it('answers a remembered transaction without a lookup', async () => {
    const terminals = new TransactionTerminals();
    terminals.remember('tx-1', 'T1');
    const lookup = lookupOf('T9');
    expect(await terminals.of('tx-1', lookup)).toBe('T1');
    expect(lookup.calls).toBe(0);
  });

  it('looks an unknown transaction up once, then remembers it', async () => {
    const terminals = new TransactionTerminals();
    const lookup = lookupOf('T2');
    expect(await terminals.of('tx-2', lookup)).toBe('T2');
    expect(await terminals.of('tx-2', lookup)).toBe('T2');
    expect(lookup.calls).toBe(1);
  });

  it('keeps nothing when the lookup fails (an unknown transaction)', async () => {
    const terminals = new TransactionTerminals();
    await expect(terminals.of('tx-404', () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    const lookup = lookupOf('T3');
    expect(await terminals.of('tx-404', lookup)).toBe('T3');
    expect(lookup.calls).toBe(1);
  });

  it('forgets the least recently used past its capacity', async () => {
    const terminals = new TransactionTerminals(2);
    terminals.remember('a', 'T1');
    terminals.remember('b', 'T1');
    await terminals.of('a', lookupOf('T9'));
    terminals.remember('c', 'T1');
    const lookupA = lookupOf('T9');
    const lookupB = lookupOf('T9');
    expect(await terminals.of('a', lookupA)).toBe('T1');
    expect(await terminals.of('b', lookupB)).toBe('T9');
    expect([lookupA.calls, lookupB.calls]).toEqual([0, 1]);
  });
});
