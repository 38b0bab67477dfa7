import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUniqueViolation } from './unique-violation';

/** The error a statement raised; fails if it succeeded. */
async function raised(statement: Promise<unknown>): Promise<unknown> {
  try {
    await statement;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('asUniqueViolation', () => {
  // The embedded database raises the same server errors as PostgreSQL, without a server.
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    await db.exec(`
      CREATE TABLE parent (code text CONSTRAINT parent_pkey PRIMARY KEY);
      CREATE TABLE child (barcode text CONSTRAINT child_barcode_key UNIQUE, parent text REFERENCES parent);
      INSERT INTO parent VALUES ('P');
      INSERT INTO child VALUES ('B', 'P');`);
  });
  afterAll(async () => db?.close());

  it('recognises a unique violation and names its index', async () => {
    const error = await raised(db.query('INSERT INTO child (barcode, parent) VALUES ($1, $2)', ['B', 'P']));
    expect(asUniqueViolation(error)?.constraint).toBe('child_barcode_key');
    expect(asUniqueViolation(await raised(db.query("INSERT INTO parent VALUES ('P')")))?.constraint).toBe('parent_pkey');
  });

  it('reads pg errors, which carry the same fields', () => {
    const error = Object.assign(new pg.DatabaseError('duplicate key value', 0, 'error'), {
      code: '23505',
      constraint: 'products_barcode_key',
    });
    expect(asUniqueViolation(error)?.constraint).toBe('products_barcode_key');
  });

  it('leaves other errors alone', async () => {
    expect(asUniqueViolation(await raised(db.query("INSERT INTO child VALUES ('C', 'NOPE')")))).toBeUndefined();
    expect(asUniqueViolation(new Error('boom'))).toBeUndefined();
    expect(asUniqueViolation(undefined)).toBeUndefined();
  });
});
