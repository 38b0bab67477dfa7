import { randomUUID } from 'node:crypto';
import { departments } from '@tillwire/contracts';
import type { ServiceBroker } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';

const { DepartmentsActions: A } = departments;
type Entry = departments.LedgerEntry;
type Entries = { entries: Entry[] };

/** A GROCERY terminal selling one product of each department. */
const lines = [
  { lineNo: 1, sku: 'GRO-001', productDepartmentCode: 'GROCERY', amountMinor: 1070, taxMinor: 70 },
  { lineNo: 2, sku: 'HOM-001', productDepartmentCode: 'HOME', amountMinor: 2400, taxMinor: 400 },
  { lineNo: 3, sku: 'ELE-001', productDepartmentCode: 'ELECTRONICS', amountMinor: 5999, taxMinor: 1000 },
];
const total = lines.reduce((sum, l) => sum + l.amountMinor, 0);
const sum = (entries: readonly Entry[]) => entries.reduce((s, e) => s + e.amountMinor, 0);
const departmentsOf = (entries: readonly Entry[]) => entries.map((e) => [e.lineNo, e.departmentCode]);

describe('department ledger over the broker', () => {
  let terminalRule: TestNode;
  let productRule: TestNode;
  const rows = async () => {
    const [row] = await terminalRule.database.db.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM departments.ledger_entries');
    return row!.count;
  };
  const allocate = (broker: ServiceBroker, transactionId: string, l = lines) =>
    broker.call<Entries, object>(A.allocate, { transactionId, terminalDepartmentCode: 'GROCERY', lines: l });

  beforeAll(async () => {
    terminalRule = await startTestNode(['departments'], { ALLOCATION_RULE: 'terminal' });
    // A second node on the same database, configured with the other rule.
    productRule = await startTestNode(['departments'], { ALLOCATION_RULE: 'product' }, terminalRule.database);
    for (const [code, name] of [['GROCERY', 'Grocery'], ['HOME', 'Home'], ['ELECTRONICS', 'Electronics']]) {
      await terminalRule.broker.call(A.create, { code, name });
    }
  });
  afterAll(async () => {
    await productRule?.stop();
    await terminalRule?.stop();
  });

  describe('allocate', () => {
    it("books every line to the terminal's department under the terminal rule, summing to the total", async () => {
      const id = randomUUID();
      const { entries } = await allocate(terminalRule.broker, id);
      expect(departmentsOf(entries)).toEqual([[1, 'GROCERY'], [2, 'GROCERY'], [3, 'GROCERY']]);
      expect(entries.every((e) => e.kind === 'sale')).toBe(true);
      expect(sum(entries)).toBe(total);
      expect(await terminalRule.broker.call(A.ledger, { transactionId: id })).toEqual({ entries });
    });

    it("books lines of other departments to the product's department under the product rule", async () => {
      const { entries } = await allocate(productRule.broker, randomUUID());
      expect(departmentsOf(entries)).toEqual([[1, 'GROCERY'], [2, 'HOME'], [3, 'ELECTRONICS']]);
      expect(sum(entries)).toBe(total);
    });

    it('is idempotent: a repeat writes nothing and answers the first booking, even under the other rule', async () => {
      const id = randomUUID();
      const first = await allocate(terminalRule.broker, id);
      const before = await rows();
      expect(await allocate(terminalRule.broker, id)).toEqual(first);
      expect(await allocate(productRule.broker, id)).toEqual(first);
      expect(await rows()).toBe(before);
    });

    it('books once when the same allocation arrives concurrently', async () => {
      const id = randomUUID();
      const before = await rows();
      const answers = await Promise.all(Array.from({ length: 10 }, () => allocate(terminalRule.broker, id)));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(await rows()).toBe(before + lines.length);
    });

    it('refuses a repeat with other lines and leaves the first booking untouched', async () => {
      const id = randomUUID();
      const first = await allocate(terminalRule.broker, id, lines.slice(0, 2));
      const before = await rows();
      await expect(allocate(terminalRule.broker, id)).rejects.toMatchObject({ type: 'invalid_state', code: 409 });
      await expect(
        allocate(terminalRule.broker, id, [{ ...lines[0]!, amountMinor: 1 }, lines[1]!]),
      ).rejects.toMatchObject({ type: 'invalid_state' });
      expect(await rows()).toBe(before);
      expect(await terminalRule.broker.call(A.ledger, { transactionId: id })).toEqual(first);
    });

    it('refuses unknown departments and repeated line numbers without writing', async () => {
      const before = await rows();
      await expect(
        productRule.broker.call(A.allocate, {
          transactionId: randomUUID(),
          terminalDepartmentCode: 'GROCERY',
          lines: [{ ...lines[0]!, productDepartmentCode: 'GARDEN' }],
        }),
      ).rejects.toMatchObject({ type: 'not_found', code: 404, data: { departmentCodes: ['GARDEN'] } });
      await expect(allocate(terminalRule.broker, randomUUID(), [lines[0]!, lines[0]!])).rejects.toMatchObject({
        type: 'validation_failed',
      });
      await expect(
        terminalRule.broker.call(A.allocate, { transactionId: 'not-a-uuid', terminalDepartmentCode: 'GROCERY', lines }),
      ).rejects.toMatchObject({ type: 'validation_failed', code: 400 });
      expect(await rows()).toBe(before);
    });
  });

  describe('unallocate', () => {
    it('reverses every sale entry in its department, once; the ledger then nets to zero', async () => {
      const id = randomUUID();
      const { entries: sales } = await allocate(productRule.broker, id);
      const { entries: reversal } = await terminalRule.broker.call<Entries, object>(A.unallocate, { transactionId: id });
      expect(reversal.map((e) => [e.kind, e.lineNo, e.departmentCode, e.amountMinor])).toEqual(
        sales.map((e) => ['reversal', e.lineNo, e.departmentCode, -e.amountMinor]),
      );
      const before = await rows();
      expect(await terminalRule.broker.call(A.unallocate, { transactionId: id })).toEqual({ entries: reversal });
      expect(await rows()).toBe(before);
      const { entries } = await terminalRule.broker.call<Entries, object>(A.ledger, { transactionId: id });
      expect(entries).toHaveLength(6);
      expect(sum(entries)).toBe(0);
    });

    it('is a no-op for a transaction that was never allocated', async () => {
      const before = await rows();
      expect(await terminalRule.broker.call(A.unallocate, { transactionId: randomUUID() })).toEqual({ entries: [] });
      expect(await rows()).toBe(before);
    });
  });

  describe('refund', () => {
    const refund = (transactionId: string, refundId: string, l: { lineNo: number; amountMinor: number; taxMinor: number }[]) =>
      terminalRule.broker.call<Entries, object>(A.refund, { transactionId, refundId, lines: l });

    it("writes negative entries in the department of each line's sale, once per refund id", async () => {
      const id = randomUUID();
      await allocate(productRule.broker, id);
      const refundId = randomUUID();
      const { entries } = await refund(id, refundId, [
        { lineNo: 2, amountMinor: 1200, taxMinor: 200 },
        { lineNo: 3, amountMinor: 5999, taxMinor: 1000 },
      ]);
      expect(entries).toEqual([
        { lineNo: 2, departmentCode: 'HOME', sku: 'HOM-001', kind: 'refund', amountMinor: -1200, taxMinor: -200 },
        { lineNo: 3, departmentCode: 'ELECTRONICS', sku: 'ELE-001', kind: 'refund', amountMinor: -5999, taxMinor: -1000 },
      ]);
      const before = await rows();
      expect(
        await refund(id, refundId, [
          { lineNo: 3, amountMinor: 5999, taxMinor: 1000 },
          { lineNo: 2, amountMinor: 1200, taxMinor: 200 },
        ]),
      ).toEqual({ entries });
      expect(await rows()).toBe(before);
      await expect(refund(id, refundId, [{ lineNo: 2, amountMinor: 1, taxMinor: 0 }])).rejects.toMatchObject({
        type: 'invalid_state',
      });
      const ledger = await terminalRule.broker.call<Entries, object>(A.ledger, { transactionId: id });
      expect(sum(ledger.entries)).toBe(total - 1200 - 5999);
    });

    it('never refunds more than was sold, even when refunds race', async () => {
      const id = randomUUID();
      await allocate(terminalRule.broker, id);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, () => refund(id, randomUUID(), [{ lineNo: 2, amountMinor: 1400, taxMinor: 0 }])),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        expect(o.reason).toMatchObject({ type: 'invalid_state', data: { lineNo: 2, remainingMinor: 1000 } });
      }
    });

    it('refuses unknown lines, unallocated and reversed transactions; a refunded sale cannot be reversed', async () => {
      const id = randomUUID();
      await allocate(terminalRule.broker, id);
      await expect(refund(id, randomUUID(), [{ lineNo: 9, amountMinor: 1, taxMinor: 0 }])).rejects.toMatchObject({
        type: 'validation_failed',
        data: { lineNo: 9 },
      });
      await expect(refund(randomUUID(), randomUUID(), [{ lineNo: 1, amountMinor: 1, taxMinor: 0 }])).rejects.toMatchObject({
        type: 'invalid_state',
      });
      await refund(id, randomUUID(), [{ lineNo: 1, amountMinor: 100, taxMinor: 0 }]);
      await expect(terminalRule.broker.call(A.unallocate, { transactionId: id })).rejects.toMatchObject({
        type: 'invalid_state',
      });

      const reversed = randomUUID();
      await allocate(terminalRule.broker, reversed);
      await terminalRule.broker.call(A.unallocate, { transactionId: reversed });
      await expect(refund(reversed, randomUUID(), [{ lineNo: 1, amountMinor: 1, taxMinor: 0 }])).rejects.toMatchObject({
        type: 'invalid_state',
      });
    });
  });
});
