import { departments } from '@tillwire/contracts';
import { toHttpError } from '@tillwire/platform';
import type { Service } from 'moleculer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '@tillwire/platform/testing';

const { DepartmentsActions: A } = departments;

describe('departments registry over the broker', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode(['departments']);
  });
  afterAll(async () => node?.stop());

  it('creates, reads, lists and renames departments', async () => {
    const { broker } = node;
    expect(await broker.call(A.create, { code: 'GROCERY', name: 'Grocery' })).toEqual({ code: 'GROCERY', name: 'Grocery' });
    await broker.call(A.create, { code: 'HOME', name: 'Home' });
    expect(await broker.call(A.get, { code: 'HOME' })).toEqual({ code: 'HOME', name: 'Home' });
    expect(await broker.call(A.update, { code: 'HOME', name: 'Home & Garden' })).toEqual({
      code: 'HOME',
      name: 'Home & Garden',
    });
    expect(await broker.call(A.list, {})).toEqual({
      departments: [
        { code: 'GROCERY', name: 'Grocery' },
        { code: 'HOME', name: 'Home & Garden' },
      ],
    });
  });

  it('answers typed errors: already_exists, not_found, validation_failed', async () => {
    const { broker } = node;
    await expect(broker.call(A.create, { code: 'GROCERY', name: 'Again' })).rejects.toMatchObject({
      type: 'already_exists',
      code: 409,
      data: { code: 'GROCERY' },
    });
    await expect(broker.call(A.get, { code: 'NOPE' })).rejects.toMatchObject({ type: 'not_found', code: 404 });
    await expect(broker.call(A.update, { code: 'NOPE', name: 'x' })).rejects.toMatchObject({ type: 'not_found' });
    await expect(broker.call(A.create, { code: 'lower case', name: 'Bad' })).rejects.toMatchObject({
      type: 'validation_failed',
      code: 400,
    });
    expect(await node.database.db.sql.query('SELECT count(*)::int AS count FROM departments.departments')).toEqual([
      { count: 2 },
    ]);
  });

  it('removes a department only when the terminals and inventory services both count nothing naming it', async () => {
    const { broker } = node;
    await broker.call(A.create, { code: 'KIOSK', name: 'Kiosk' });
    await expect(broker.call(A.remove, { code: 'NOPE' })).rejects.toMatchObject({ type: 'not_found', code: 404 });
    await expect(broker.call(A.remove, { code: 'kiosk' })).rejects.toMatchObject({ type: 'validation_failed', code: 400 });

    // Neither service runs here: without their counts nothing is removed.
    const unanswered = await broker.call(A.remove, { code: 'KIOSK' }).catch((error: unknown) => error);
    expect(toHttpError(unanswered)).toMatchObject({ status: 503, body: { error: { code: 'dependency_unavailable' } } });
    expect(await broker.call(A.get, { code: 'KIOSK' })).toEqual({ code: 'KIOSK', name: 'Kiosk' });

    // Stand-ins for the two services, answering the count actions only.
    const counts = { terminals: 1, products: 0 };
    const standIns: Service[] = [
      broker.createService({ name: 'terminals', actions: { count: { handler: () => ({ count: counts.terminals }) } } }),
      broker.createService({ name: 'inventory', actions: { 'products.count': { handler: () => ({ count: counts.products }) } } }),
    ];
    try {
      await broker.waitForServices(['terminals', 'inventory']);
      await expect(broker.call(A.remove, { code: 'KIOSK' })).rejects.toMatchObject({
        type: 'invalid_state',
        code: 409,
        data: { reason: 'in_use', terminals: 1, products: 0 },
      });
      Object.assign(counts, { terminals: 0, products: 4 });
      await expect(broker.call(A.remove, { code: 'KIOSK' })).rejects.toMatchObject({
        data: { reason: 'in_use', terminals: 0, products: 4 },
      });
      expect(await broker.call(A.get, { code: 'KIOSK' })).toEqual({ code: 'KIOSK', name: 'Kiosk' });

      Object.assign(counts, { terminals: 0, products: 0 });
      expect(await broker.call(A.remove, { code: 'KIOSK' })).toEqual({ code: 'KIOSK', name: 'Kiosk' });
      await expect(broker.call(A.get, { code: 'KIOSK' })).rejects.toMatchObject({ type: 'not_found' });
      await expect(broker.call(A.remove, { code: 'KIOSK' })).rejects.toMatchObject({ type: 'not_found' });
    } finally {
      for (const standIn of standIns) await broker.destroyService(standIn);
    }
  });
});
