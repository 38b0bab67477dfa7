import { departments, terminals } from '@tillwire/contracts';
import { toHttpError } from '@tillwire/platform';
import type { Service } from 'moleculer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';

const { TerminalsActions: T } = terminals;

describe('terminal registry over the broker', () => {
  let node: TestNode;
  let standIn: Service | undefined;
  const rows = async () => {
    const [row] = await node.database.db.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM terminals.terminals');
    return row!.count;
  };

  /** The transactions service is built elsewhere; a stand-in answers the one action this service calls. */
  const transactionsAnswering = async (actions: Record<string, () => unknown>) => {
    const schema = Object.entries(actions).map(([name, handler]) => [name, { handler }]);
    standIn = node.broker.createService({ name: 'transactions', actions: Object.fromEntries(schema) });
    await node.broker.waitForServices('transactions');
  };

  beforeAll(async () => {
    // Terminals need an existing department and stock location.
    node = await startTestNode(['departments', 'inventory', 'terminals']);
    await node.database.db.sql.execute("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
    for (const [code, name] of [['GROCERY', 'Grocery'], ['HOME', 'Home']]) {
      await node.broker.call(departments.DepartmentsActions.create, { code, name });
    }
  });
  afterEach(async () => {
    if (standIn) await node.broker.destroyService(standIn);
    standIn = undefined;
  });
  afterAll(async () => node?.stop());

  it('creates a terminal bound to an existing department, offline until it connects', async () => {
    const created = await node.broker.call(T.create, { id: 'T1', name: 'Grocery till 1', departmentCode: 'GROCERY', vendor: 'simulator' });
    const expected = {
      id: 'T1',
      name: 'Grocery till 1',
      departmentCode: 'GROCERY',
      locationCode: 'MAIN',
      vendor: 'simulator',
      status: 'offline',
      lastSeenAt: null,
    };
    expect(created).toEqual(expected);
    expect(await node.broker.call(T.get, { id: 'T1' })).toEqual(expected);
  });

  it('refuses a terminal for a department that does not exist (validation_failed) and a duplicate id', async () => {
    const before = await rows();
    await expect(
      node.broker.call(T.create, { id: 'T9', name: 'Nowhere', departmentCode: 'GARDEN', vendor: 'nexo' }),
    ).rejects.toMatchObject({ type: 'validation_failed', code: 400, data: { departmentCode: 'GARDEN' } });
    await expect(
      node.broker.call(T.create, { id: 'T1', name: 'Again', departmentCode: 'HOME', vendor: 'nexo' }),
    ).rejects.toMatchObject({ type: 'already_exists', code: 409 });
    await expect(
      node.broker.call(T.create, { id: 'T8', name: 'Attic', departmentCode: 'HOME', vendor: 'nexo', locationCode: 'ATTIC' }),
    ).rejects.toMatchObject({ type: 'validation_failed', code: 400, data: { locationCode: 'ATTIC' } });
    await expect(node.broker.call(T.create, { id: 'T 1', name: 'x', departmentCode: 'HOME', vendor: 'nexo' })).rejects.toMatchObject({
      type: 'validation_failed',
    });
    expect(await rows()).toBe(before);
  });

  it('lists terminals, optionally by department, and answers not_found for an unknown id', async () => {
    await node.broker.call(T.create, { id: 'T2', name: 'Home till 1', departmentCode: 'HOME', vendor: 'nexo' });
    const all = await node.broker.call<{ terminals: { id: string }[] }, object>(T.list, {});
    expect(all.terminals.map((t) => t.id)).toEqual(['T1', 'T2']);
    const home = await node.broker.call<{ terminals: { id: string }[] }, object>(T.list, { departmentCode: 'HOME' });
    expect(home.terminals.map((t) => t.id)).toEqual(['T2']);
    await expect(node.broker.call(T.get, { id: 'T404' })).rejects.toMatchObject({ type: 'not_found', code: 404 });
  });

  it('renames a terminal, and moves it only to an existing department', async () => {
    expect(await node.broker.call(T.update, { id: 'T2', name: 'Home till A' })).toMatchObject({ name: 'Home till A' });
    await expect(node.broker.call(T.update, { id: 'T2', departmentCode: 'GARDEN' })).rejects.toMatchObject({
      type: 'validation_failed',
      data: { departmentCode: 'GARDEN' },
    });
    await expect(node.broker.call(T.update, { id: 'T404', name: 'x' })).rejects.toMatchObject({ type: 'not_found' });
  });

  it('moves a terminal when no transactions service runs (nothing can be open)', async () => {
    expect(await node.broker.call(T.update, { id: 'T2', departmentCode: 'GROCERY' })).toMatchObject({
      departmentCode: 'GROCERY',
    });
  });

  it('refuses a move while transactions.openCount reports open transactions, allows it at 0', async () => {
    await transactionsAnswering({ openCount: () => ({ count: 2 }) });
    await expect(node.broker.call(T.update, { id: 'T2', departmentCode: 'HOME' })).rejects.toMatchObject({
      type: 'invalid_state',
      code: 409,
      data: { terminalId: 'T2', openTransactions: 2 },
    });
    expect(await node.broker.call(T.get, { id: 'T2' })).toMatchObject({ departmentCode: 'GROCERY' });
    await node.broker.destroyService(standIn!);
    await transactionsAnswering({ openCount: () => ({ count: 0 }) });
    expect(await node.broker.call(T.update, { id: 'T2', departmentCode: 'HOME' })).toMatchObject({
      departmentCode: 'HOME',
    });
  });

  it('refuses a move when a transactions service runs but cannot count: 503, no change', async () => {
    await transactionsAnswering({ somethingElse: () => null });
    const refusal = await node.broker.call(T.update, { id: 'T2', departmentCode: 'GROCERY' }).catch((e: unknown) => e);
    expect(toHttpError(refusal)).toMatchObject({ status: 503, body: { error: { code: 'dependency_unavailable' } } });
    expect(await node.broker.call(T.get, { id: 'T2' })).toMatchObject({ departmentCode: 'HOME' });
  });

  it('counts terminals by department, and removes one only while transactions.openCount reports none', async () => {
    const count = (departmentCode: string) => node.broker.call<{ count: number }, object>(T.count, { departmentCode });
    expect(await count('GROCERY')).toEqual({ count: 1 });
    expect(await count('GARDEN')).toEqual({ count: 0 });
    await expect(node.broker.call(T.count, { departmentCode: 'lower' })).rejects.toMatchObject({ type: 'validation_failed' });

    await transactionsAnswering({ openCount: () => ({ count: 3 }) });
    await expect(node.broker.call(T.remove, { id: 'T1' })).rejects.toMatchObject({
      type: 'invalid_state',
      code: 409,
      data: { reason: 'open_transactions', count: 3 },
    });
    expect(await node.broker.call(T.get, { id: 'T1' })).toMatchObject({ id: 'T1' });
    await node.broker.destroyService(standIn!);

    await transactionsAnswering({ openCount: () => ({ count: 0 }) });
    expect(await node.broker.call(T.remove, { id: 'T1' })).toMatchObject({ id: 'T1', departmentCode: 'GROCERY' });
    await expect(node.broker.call(T.get, { id: 'T1' })).rejects.toMatchObject({ type: 'not_found' });
    await expect(node.broker.call(T.remove, { id: 'T1' })).rejects.toMatchObject({ type: 'not_found', code: 404 });
    expect(await count('GROCERY')).toEqual({ count: 0 });
  });
});
