import type pg from 'pg';
import type { Window } from './load-driver';

/** Tables a checkout writes, and how their rows find the checkout's transaction `t`. */
const TABLES: ReadonlyArray<readonly [table: string, joins: string]> = [
  ['transactions.transaction_lines', 'x.transaction_id = t.id'],
  ['transactions.status_changes', 'x.transaction_id = t.id'],
  ['transactions.payments', 'x.transaction_id = t.id'],
  ['platform.outbox', 'x.aggregate_id = t.id::text'],
  ['inventory.reservations', 'x.transaction_id = t.id'],
  ['inventory.stock_movements', 'x.reference = t.id::text'],
  ['departments.ledger_entries', 'x.transaction_id = t.id'],
  ['platform.saga_instances', 'x.correlation_id = t.id::text'],
  ['platform.audit_log', "x.entity_type = 'transaction' AND x.entity_id = t.id::text"],
  ['reports.sales', 'x.transaction_id = t.id'],
  ['reports.sale_payments', 'x.transaction_id = t.id'],
  ['reports.sale_departments', 'x.transaction_id = t.id'],
];

export interface Census {
  readonly transactions: number;
  /** Rows per table for those transactions (idempotency keys: created in the same window). */
  readonly rows: ReadonlyMap<string, number>;
}

/** Counts what the checkouts started within `windows` wrote, table by table. */
export async function takeCensus(pool: pg.Pool, windows: readonly Window[]): Promise<Census> {
  const counts = TABLES.map(([table, joins], i) => `(SELECT count(*) FROM ${table} x JOIN t ON ${joins})::int AS c${i}`);
  const { rows } = await pool.query<Record<string, number>>(
    `WITH t AS (SELECT id FROM transactions.transactions WHERE created_at <@ ANY($1::tstzrange[]))
     SELECT (SELECT count(*) FROM t)::int AS transactions,
            ${counts.join(',\n            ')},
            (SELECT count(*) FROM platform.saga_steps x JOIN platform.saga_instances i ON i.id = x.saga_id
               JOIN t ON i.correlation_id = t.id::text)::int AS steps,
            (SELECT count(*) FROM platform.idempotency_keys x WHERE x.created_at <@ ANY($1::tstzrange[]))::int AS keys`,
    [windows],
  );
  const row = rows[0]!;
  return {
    transactions: row.transactions!,
    rows: new Map([
      ...TABLES.map(([table], i): [string, number] => [table, row[`c${i}`]!]),
      ['platform.saga_steps', row.steps!],
      ['platform.idempotency_keys', row.keys!],
    ]),
  };
}

/** Rows per checkout, side by side: the SQL ceiling should write what the platform writes. */
export function describeCensus(platform: Census, ceiling: Census): string[] {
  const perCheckout = (census: Census, table: string) =>
    (census.transactions === 0 ? Number.NaN : (census.rows.get(table) ?? 0) / census.transactions).toFixed(2).padStart(12);
  return [
    `  ${'rows per checkout'.padEnd(30)}${'platform'.padStart(12)}${'sql ceiling'.padStart(12)}`,
    `  ${'transactions.transactions'.padEnd(30)}${'1.00'.padStart(12)}${'1.00'.padStart(12)}`,
    ...[...platform.rows.keys()].map((table) => `  ${table.padEnd(30)}${perCheckout(platform, table)}${perCheckout(ceiling, table)}`),
  ];
}

/** Tables one side writes for its checkouts and the other does not: a ceiling that skips work the platform does is no ceiling. */
export function onlyOneSideWrites(platform: Census, ceiling: Census): string[] {
  return [...platform.rows.keys()].filter((table) => (platform.rows.get(table)! > 0) !== (ceiling.rows.get(table)! > 0));
}

/** SKUs whose stock row disagrees with the sum of its movements (the platform's consistency rule). */
export async function stockLedgerMismatches(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ sku: string }>(
    `SELECT s.sku
       FROM inventory.stock_levels s
       LEFT JOIN (SELECT sku, location_code, SUM(on_hand_delta) AS on_hand, SUM(reserved_delta) AS reserved
                    FROM inventory.stock_movements GROUP BY sku, location_code) m
              ON m.sku = s.sku AND m.location_code = s.location_code
      WHERE s.on_hand <> COALESCE(m.on_hand, 0) OR s.reserved <> COALESCE(m.reserved, 0)
      ORDER BY s.sku`,
  );
  return rows.map((row) => row.sku);
}
