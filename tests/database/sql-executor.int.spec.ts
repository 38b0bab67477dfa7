import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Database } from '../../libs/platform/src/db/database';
import { dropPostgresDatabase, ensurePostgresDatabase } from '../../libs/platform/src/db/ensure-database';
import type { SqlExecutor } from '../../libs/platform/src/db/sql-executor';
import { databaseUrl, uniqueName } from '../../libs/platform/src/testing/index';

const ITEMS = 'executor_spec.items';
const BEYOND_DOUBLE = 2n ** 53n + 1n;
const INT8_MAX = 2n ** 63n - 1n;
const INT8_MIN = -(2n ** 63n);

interface Target {
  db: Database;
  close(): Promise<void>;
}

/** Runs `work` with `TZ` set for the process (Node applies it at once), then restores it. */
async function inTimeZone<T>(zone: string, work: () => Promise<T>): Promise<T> {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

const storedIds = async (sql: SqlExecutor) =>
  (await sql.query<{ id: bigint }>(`SELECT id FROM ${ITEMS} ORDER BY id`)).map((row) => row.id);

const insert = (sql: SqlExecutor, id: bigint, label = `item ${id}`) =>
  sql.execute(`INSERT INTO ${ITEMS} (id, label) VALUES ($1, $2)`, [id, label]);

/** The same behaviour on both databases Tillwire runs on. */
function behavesOn(name: string, open: () => Promise<Target>) {
  describe(`SqlExecutor on ${name}`, () => {
    let target: Target;
    let sql: SqlExecutor;
    beforeAll(async () => {
      target = await open();
      sql = target.db.sql;
      await sql.exec(`
        CREATE SCHEMA executor_spec;
        CREATE TABLE ${ITEMS} (id BIGINT PRIMARY KEY, label TEXT NOT NULL, at TIMESTAMP(3), at_tz TIMESTAMPTZ(3));`);
    });
    afterAll(async () => {
      await target?.db.sql.exec('DROP SCHEMA IF EXISTS executor_spec CASCADE');
      await target?.close();
    });
    beforeEach(async () => {
      await sql.execute(`DELETE FROM ${ITEMS}`);
    });

    it('reads BIGINT back as bigint, exactly, beyond 2^53', async () => {
      for (const id of [BEYOND_DOUBLE, INT8_MAX, INT8_MIN]) await insert(sql, id);
      expect(await storedIds(sql)).toEqual([INT8_MIN, BEYOND_DOUBLE, INT8_MAX]);
      const [row] = await sql.query<{ next: bigint; count: bigint }>(
        `SELECT $1::bigint + 1 AS next, (SELECT count(*) FROM ${ITEMS}) AS count`,
        [BEYOND_DOUBLE],
      );
      expect(row).toEqual({ next: 2n ** 53n + 2n, count: 3n });
    });

    it.each(['UTC', 'America/New_York'])(
      'round-trips a Date with milliseconds through TIMESTAMP and TIMESTAMPTZ with the process in %s',
      (zone) =>
        inTimeZone(zone, async () => {
          // Winter and summer time, and an instant that falls on the previous day in New York.
          const winter = new Date(Date.UTC(2024, 0, 15, 12, 34, 56, 789));
          const written = [winter, new Date(Date.UTC(2024, 6, 1, 3, 4, 5, 678))];
          if (zone !== 'UTC') expect(winter.getTimezoneOffset()).not.toBe(0);
          for (const [i, at] of written.entries()) {
            await sql.execute(`INSERT INTO ${ITEMS} (id, label, at, at_tz) VALUES ($1, 'dated', $2, $3)`, [BigInt(i), at, at]);
          }
          const rows = await sql.query<{ at: Date; at_tz: Date; wall: string }>(
            `SELECT at, at_tz, to_char(at, 'YYYY-MM-DD HH24:MI:SS.MS') AS wall FROM ${ITEMS} ORDER BY id`,
          );
          expect(rows.map((row) => row.at)).toEqual(written);
          expect(rows.map((row) => row.at_tz)).toEqual(written);
          // Stored as UTC wall time, as Prisma stores DateTime.
          expect(rows.map((row) => row.wall)).toEqual(['2024-01-15 12:34:56.789', '2024-07-01 03:04:05.678']);
          // A TIMESTAMP written by SQL's now() means the same clock as the process.
          const [clock] = await sql.query<{ now: Date }>('SELECT now()::timestamp(3) AS now');
          expect(Math.abs((clock?.now.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);
        }),
    );

    it('binds arrays: = ANY($1::text[]) and unnest($1::int[], $2::bigint[])', async () => {
      const [i, big] = [[1, 2, 3], [BEYOND_DOUBLE, INT8_MAX, 7n]];
      const inserted = await sql.execute(
        `INSERT INTO ${ITEMS} (id, label) SELECT b, 'n' || i FROM unnest($1::int[], $2::bigint[]) AS t(i, b)`,
        [i, big],
      );
      expect(inserted).toBe(3);
      const picked = await sql.query<{ id: bigint }>(`SELECT id FROM ${ITEMS} WHERE label = ANY($1::text[]) ORDER BY id`, [['n1', 'n3']]);
      expect(picked.map((row) => row.id)).toEqual([7n, BEYOND_DOUBLE]);
      expect(await sql.query(`SELECT id FROM ${ITEMS} WHERE label = ANY($1::text[])`, [[]])).toEqual([]);
      const pairs = await sql.query<{ i: number; b: bigint }>('SELECT i, b FROM unnest($1::int[], $2::bigint[]) AS t(i, b)', [i, big]);
      expect(pairs).toEqual([
        { i: 1, b: BEYOND_DOUBLE },
        { i: 2, b: INT8_MAX },
        { i: 3, b: 7n },
      ]);
    });

    it('execute returns how many rows each statement wrote', async () => {
      expect(await sql.execute(`INSERT INTO ${ITEMS} (id, label) SELECT g, 'x' FROM generate_series(1, 3) AS g`)).toBe(3);
      expect(await sql.execute(`INSERT INTO ${ITEMS} (id, label) VALUES (1, 'x') ON CONFLICT (id) DO NOTHING`)).toBe(0);
      expect(await sql.execute(`UPDATE ${ITEMS} SET label = 'y' WHERE id = ANY($1::bigint[])`, [[1n, 2n, 99n]])).toBe(2);
      expect(await sql.execute(`DELETE FROM ${ITEMS} WHERE id > $1`, [100n])).toBe(0);
      expect(await sql.execute(`DELETE FROM ${ITEMS}`)).toBe(3);
    });

    // The same transaction semantics on the pool and on a dedicated connection.
    const entries: Array<[string, <T>(work: (sql: SqlExecutor) => Promise<T>) => Promise<T>]> = [
      ['the shared executor', (work) => work(sql)],
      ['a dedicated connection (withSql)', (work) => target.db.withSql(work)],
    ];
    describe.each(entries)('transactions on %s', (_entry, using) => {
      it('commits the work and returns its value', async () => {
        const result = await using((db) =>
          db.transaction(async (tx) => {
            await insert(tx, 1n);
            await tx.exec(`INSERT INTO ${ITEMS} (id, label) VALUES (2, 'a'); INSERT INTO ${ITEMS} (id, label) VALUES (3, 'b');`);
            return 'done';
          }),
        );
        expect(result).toBe('done');
        expect(await storedIds(sql)).toEqual([1n, 2n, 3n]);
      });

      it('rolls back every write when the work throws, and rejects with that error', async () => {
        const refusal = new Error('refused');
        const failed = using((db) =>
          db.transaction(async (tx) => {
            await insert(tx, 1n);
            await tx.exec(`INSERT INTO ${ITEMS} (id, label) VALUES (2, 'a')`);
            throw refusal;
          }),
        );
        await expect(failed).rejects.toBe(refusal);
        const violated = using((db) =>
          db.transaction(async (tx) => {
            await insert(tx, 5n);
            await insert(tx, 5n);
          }),
        );
        await expect(violated).rejects.toThrow(/duplicate key/);
        expect(await storedIds(sql)).toEqual([]);
      });

      it('runs a nested transaction inside the outer one: it sees the outer writes and rolls back with it', async () => {
        const refusal = new Error('outer refused');
        const failed = using((db) =>
          db.transaction(async (tx) => {
            await insert(tx, 1n);
            const seen = await tx.transaction(async (inner) => {
              await insert(inner, 2n);
              return storedIds(inner);
            });
            expect(seen).toEqual([1n, 2n]);
            throw refusal;
          }),
        );
        await expect(failed).rejects.toBe(refusal);
        expect(await storedIds(sql)).toEqual([]);

        await using((db) => db.transaction((tx) => tx.transaction((inner) => insert(inner, 3n))));
        expect(await storedIds(sql)).toEqual([3n]);
      });


      it('runs after-commit effects once the outermost transaction commits, in order, and never after a rollback', async () => {
        const ran: string[] = [];
        await using((db) =>
          db.transaction(async (tx) => {
            tx.afterCommit(() => ran.push('outer'));
            await tx.transaction(async (inner) => {
              inner.afterCommit(() => ran.push('inner'));
            });
            await insert(tx, 1n);
            expect(ran).toEqual([]);
          }),
        );
        expect(ran).toEqual(['outer', 'inner']);

        const rolledBack = using((db) =>
          db.transaction(async (tx) => {
            tx.afterCommit(() => ran.push('rolled back'));
            await insert(tx, 1n);
          }),
        );
        await expect(rolledBack).rejects.toThrow(/duplicate key/);
        expect(ran).toEqual(['outer', 'inner']);

        await using(async (db) => db.afterCommit(() => ran.push('outside a transaction')));
        expect(ran).toEqual(['outer', 'inner', 'outside a transaction']);
      });
    });

    it('still serves after many failed transactions: every connection was returned, none left in a transaction', async () => {
      for (let i = 0; i < 30; i += 1) {
        const failed = sql.transaction(async (tx) => {
          await insert(tx, BigInt(i));
          if (i % 2 === 0) throw new Error(`refused ${i}`);
          await tx.query('SELECT 1 / 0');
        });
        await expect(failed).rejects.toThrow(i % 2 === 0 ? `refused ${i}` : /division by zero/);
      }
      // More at once than the pool has connections, so every connection serves one.
      const batch = [10n, 11n, 12n, 13n, 14n, 15n];
      await Promise.all(batch.map((id) => sql.transaction((tx) => insert(tx, id))));
      await Promise.all(batch.map((id) => insert(sql, id + 100n)));
      // A connection left inside a transaction would not see the others' rows, or would refuse statements.
      const counts = await Promise.all(batch.map(() => sql.query<{ n: bigint }>(`SELECT count(*) AS n FROM ${ITEMS}`)));
      expect(counts.map(([row]) => row?.n)).toEqual(batch.map(() => 12n));
    }, 20_000);
  });
}

describe('SqlExecutor on PostgreSQL, when the server ends a connection mid-transaction', () => {
  it('fails that work, not the process, and the pool serves on with a new connection', async () => {
    const url = databaseUrl(uniqueName('tw_sql_killed'));
    await ensurePostgresDatabase(url);
    const db = openPostgres(url, 1);
    try {
      const killed = db.sql.transaction((tx) => tx.query('SELECT pg_terminate_backend(pg_backend_pid())'));
      await expect(killed).rejects.toThrow(/terminat/);
      const viaWithSql = db.withSql((sql) => sql.transaction((tx) => tx.query('SELECT pg_terminate_backend(pg_backend_pid())')));
      await expect(viaWithSql).rejects.toThrow(/terminat/);
      // Reaching this line means neither lost connection became an uncaught exception.
      expect(await db.sql.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
      await dropPostgresDatabase(url);
    }
  });
});

behavesOn('PGlite', async () => {
  const db = await openPglite(undefined);
  return { db, close: () => db.close() };
});

behavesOn('PostgreSQL', async () => {
  const url = databaseUrl(uniqueName('tw_sql_executor'));
  await ensurePostgresDatabase(url);
  // Two connections, so a connection that was not returned stalls the suite at once.
  const db = openPostgres(url, 2);
  return {
    db,
    async close() {
      await db.close();
      await dropPostgresDatabase(url);
    },
  };
});
