import type { SqlExecutor } from '../../libs/platform/src/db/sql-executor';

const SCHEMAS = ['platform', 'inventory', 'departments', 'terminals', 'transactions', 'loyalty', 'reports'];

/** Row count and a hash of the rows of every table of the platform's schemas, by `schema.table`. */
export type Fingerprint = Map<string, string>;

/**
 * Takes fingerprints of the database: what a request changed shows as the tables whose fingerprint
 * moved. The table list is read once, so a fingerprint per request stays one statement.
 */
export async function tableFingerprints(sql: SqlExecutor): Promise<() => Promise<Fingerprint>> {
  const tables = await sql.query<{ schema: string; table: string }>(
    `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
      WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    [SCHEMAS],
  );
  const statement = tables
    .map(
      ({ schema, table }) =>
        `SELECT '${schema}.${table}' AS name, count(*)::int AS n,
                md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS hash
           FROM "${schema}"."${table}" r`,
    )
    .join(' UNION ALL ');
  return async () => {
    const rows = await sql.query<{ name: string; n: number; hash: string }>(statement);
    return new Map(rows.map((r) => [r.name, `${r.n} rows, md5 ${r.hash}`]));
  };
}

/** The fingerprint once background work (outbox relay, its consumers) has stopped changing rows. */
export async function settled(fingerprint: () => Promise<Fingerprint>): Promise<Fingerprint> {
  let previous = await fingerprint();
  for (let quiet = 0, waited = 0; quiet < 3; waited += 300) {
    if (waited > 20_000) throw new Error('The database keeps changing with no requests: cannot take a baseline');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const current = await fingerprint();
    quiet = changedTables(previous, current).length === 0 ? quiet + 1 : 0;
    previous = current;
  }
  return previous;
}

/** The tables whose rows differ, but `ignored` ones, as `table: before → after`. */
export function changedTables(before: Fingerprint, after: Fingerprint, ignored: readonly string[] = []): string[] {
  return [...after]
    .filter(([name, value]) => !ignored.includes(name) && before.get(name) !== value)
    .map(([name, value]) => `${name}: ${before.get(name)} → ${value}`);
}
