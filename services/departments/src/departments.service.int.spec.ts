import { departments } from '@tillwire/contracts';
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
});
