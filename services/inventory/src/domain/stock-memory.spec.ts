import { describe, expect, it } from 'vitest';
import type { StockRow, VersionedChange } from './stock';
import { StockMemory, type HeldReservation } from './stock-memory';

const row = (sku: string, version = 0, levels: Partial<StockRow> = {}): StockRow => ({
  sku,
  locationCode: 'MAIN',
  onHand: 10,
  reserved: 0,
  version,
  ...levels,
});
const key = (sku: string, locationCode = 'MAIN') => ({ sku, locationCode });
const held = (transactionId: string): HeldReservation[] => [
  { id: `${transactionId}-1`, transactionId, sku: 'A', locationCode: 'MAIN', quantity: 1, expiresAt: new Date(0) },
];

describe('StockMemory', () => {
  it('recalls rows in the order asked, only when it knows every one', () => {
    const memory = new StockMemory();
    memory.remember([row('A'), row('B', 3)]);
    expect(memory.recall([key('B'), key('A')])).toEqual([row('B', 3), row('A')]);
    expect(memory.recall([key('A'), key('C')])).toBeUndefined();
    expect(memory.recall([key('A', 'BACK')])).toBeUndefined();
  });

  it('keeps what it knows over a read of an older version', () => {
    const memory = new StockMemory();
    memory.remember([row('A', 5, { reserved: 4 })]);
    memory.remember([row('A', 4, { reserved: 3 })]);
    expect(memory.recall([key('A')])).toEqual([row('A', 5, { reserved: 4 })]);
    memory.remember([row('A', 6, { reserved: 1 })]);
    expect(memory.recall([key('A')])).toEqual([row('A', 6, { reserved: 1 })]);
  });

  it('knows a row exactly after a change it applied, known before or not', () => {
    const memory = new StockMemory();
    const change: VersionedChange = { ...key('A'), version: 7, onHand: 10, reserved: 2, onHandDelta: -2, reservedDelta: -2 };
    memory.applied([change]);
    expect(memory.recall([key('A')])).toEqual([row('A', 8, { onHand: 8, reserved: 0 })]);
  });

  it('forgets rows one by one, or every location of a SKU', () => {
    const memory = new StockMemory();
    memory.remember([row('A'), row('B'), { ...row('A'), locationCode: 'BACK' }]);
    memory.forget([key('B')]);
    expect(memory.recall([key('B')])).toBeUndefined();
    memory.forgetSku('A');
    expect(memory.recall([key('A')])).toBeUndefined();
    expect(memory.recall([key('A', 'BACK')])).toBeUndefined();
  });

  it('keeps at most its limit of rows, forgetting the least recently used first', () => {
    const memory = new StockMemory({ rows: 3, transactions: 3 });
    memory.remember([row('A'), row('B'), row('C')]);
    memory.recall([key('A')]);
    memory.remember([row('D')]);
    expect(memory.recall([key('B')])).toBeUndefined();
    expect(memory.recall([key('A'), key('C'), key('D')])).toHaveLength(3);
    memory.applied([{ ...row('E'), onHandDelta: 1, reservedDelta: 0 }]);
    expect(memory.recall([key('A')])).toBeUndefined();
  });

  it("holds a transaction's reservations until they are settled, at most its limit of transactions", () => {
    const memory = new StockMemory({ rows: 3, transactions: 2 });
    memory.hold('t1', held('t1'));
    memory.hold('t2', held('t2'));
    expect(memory.held('t1')).toEqual(held('t1'));
    memory.hold('t3', held('t3'));
    expect(memory.held('t2')).toBeUndefined();
    memory.settled(['t1']);
    expect(memory.held('t1')).toBeUndefined();
    expect(memory.held('t3')).toEqual(held('t3'));
  });
});
