import { availableParallelism } from 'node:os';
import type { TestNode } from '../../libs/platform/src/testing/index';

export interface SeedOptions {
  /** The business day (UTC store time zone): YYYY-MM-DD. */
  readonly day: string;
  readonly transactions: number;
  readonly terminals: number;
  /** One round of sales over the terminals in every `cardEvery` is paid by card, the others cash. */
  readonly cardEvery: number;
}

/**
 * Statements in flight at once: one per core. More contend for the same pages (BufferContent) and the
 * WAL: 56 chunks of 125,000 rows in parallel took 44 s on two cores where 7 statements two at a time take less.
 */
const PARALLEL = Math.max(1, availableParallelism());
const DEPARTMENTS = ['GROCERY', 'BAKERY', 'DRINKS', 'HOME', 'GARDEN'];

/** `reports.terminal_day_sales` of the projections, as the migration that made it backfills it. */
const ROLLUP = `
  INSERT INTO reports.terminal_day_sales (business_date, terminal_id, department_code, currency, dimension, key, count, gross_minor, discount_minor, units)
  SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 'operator', coalesce(s.operator_id, ''), count(*), sum(s.gross_minor), sum(s.discount_minor), 0
    FROM reports.sales s GROUP BY 1, 2, 3, 4, 6
  UNION ALL
  SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 'department', d.department_code, count(*), sum(d.amount_minor), 0, sum(d.units)
    FROM reports.sale_departments d JOIN reports.sales s USING (transaction_id) GROUP BY 1, 2, 3, 4, 6
  UNION ALL
  SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 'method', p.method, count(*), sum(p.amount_minor), 0, 0
    FROM reports.sale_payments p JOIN reports.sales s USING (transaction_id) GROUP BY 1, 2, 3, 4, 6`;

/** Sale i's id and its payment's, computed rather than returned so each table is one independent INSERT … SELECT. */
const uuidOf = (prefix: string, i: string) => `('${prefix}' || lpad(to_hex(${i}), 12, '0'))::uuid`;
const TX = uuidOf('00000000-0000-4000-8000-', 'i');
const PAYMENT = uuidOf('00000000-0000-4000-9000-', 'i');
const AMOUNT = '(100 + i % 900)';
const TERMINAL = (terminals: number) => `'T' || lpad((i % ${terminals})::text, 4, '0')`;
const DEPARTMENT = (terminals: number) => `(ARRAY['${DEPARTMENTS.join("','")}'])[(i % ${terminals}) % ${DEPARTMENTS.length} + 1]`;
/** Sales spread evenly over the day. */
const COMPLETED = (o: SeedOptions) => `($1::date + (i * 86399.0 / ${o.transactions}) * interval '1 second')`;

/**
 * One business day of completed sales in every source reconciliation reads and in the report
 * projections, written the way the reconciliation integration test does it: set-based SQL, no
 * service in the path. Terminals, departments and the location first; then every table as
 * INSERT … SELECT over generate_series, one per core at a time (children after their parents, for the
 * foreign keys), and the daily rollup of the projections as their migration backfills it.
 */
export async function seedDay(node: TestNode, o: SeedOptions, log: (message: string) => void): Promise<void> {
  const sql = (text: string, params: unknown[] = []) => node.database.db.sql.execute(text, params);
  await sql(`INSERT INTO departments.departments (code, name, updated_at) SELECT code, initcap(code), now() FROM unnest($1::text[]) AS code`, [DEPARTMENTS]);
  await sql("INSERT INTO inventory.locations (code, name) VALUES ('MAIN', 'Main store')");
  await sql(
    `INSERT INTO terminals.terminals (id, name, department_code, location_code, vendor, updated_at)
     SELECT ${TERMINAL(o.terminals)}, 'Till ' || i, ${DEPARTMENT(o.terminals)}, 'MAIN', 'simulator', now() FROM generate_series(0, $1::int - 1) AS i`,
    [o.terminals],
  );

  // By round over the terminals, so every terminal takes card sales.
  const card = `(i / ${o.terminals}) % ${o.cardEvery} = 0`;
  const timed = async (name: string, statements: string[]) => {
    const since = performance.now();
    await inParallel(statements.map((text) => () => sql(text.replace('$SERIES', `generate_series(1, ${o.transactions}) AS i`), text.includes('$1') ? [o.day] : [])));
    log(`  ${name} in ${((performance.now() - since) / 1000).toFixed(1)} s`);
  };

  await timed('transactions and report sales', [
    `INSERT INTO transactions.transactions (id, terminal_id, department_code, status, currency, subtotal_minor, total_minor, completed_at, created_at, updated_at)
     SELECT ${TX}, ${TERMINAL(o.terminals)}, ${DEPARTMENT(o.terminals)}, 'completed', 'EUR', ${AMOUNT}, ${AMOUNT}, ${COMPLETED(o)},
            ${COMPLETED(o)} - interval '2 minutes', ${COMPLETED(o)} FROM $SERIES`,
    `INSERT INTO reports.sales (transaction_id, business_date, completed_at, terminal_id, department_code, operator_id, currency, gross_minor)
     SELECT ${TX}, $1::date, ${COMPLETED(o)}, ${TERMINAL(o.terminals)}, ${DEPARTMENT(o.terminals)}, 'OP' || (i % 7), 'EUR', ${AMOUNT} FROM $SERIES`,
    `INSERT INTO reports.sale_payments (transaction_id, position, business_date, terminal_id, method, amount_minor)
     SELECT ${TX}, 0, $1::date, ${TERMINAL(o.terminals)}, CASE WHEN ${card} THEN 'card' ELSE 'cash' END, ${AMOUNT} FROM $SERIES`,
    `INSERT INTO reports.sale_departments (transaction_id, department_code, business_date, terminal_id, amount_minor, units)
     SELECT ${TX}, ${DEPARTMENT(o.terminals)}, $1::date, ${TERMINAL(o.terminals)}, ${AMOUNT}, 1 FROM $SERIES`,
    `INSERT INTO terminals.commands (terminal_id, service_id, kind, request, transaction_id, state, reply, created_at, sent_at, resolved_at)
     SELECT ${TERMINAL(o.terminals)}, 'B' || i, 'pay', jsonb_build_object('transactionId', ${TX}, 'amountMinor', ${AMOUNT}, 'currency', 'EUR'), ${TX},
            'answered', jsonb_build_object('outcome', 'approved'), ${COMPLETED(o)} - interval '30 seconds',
            ${COMPLETED(o)} - interval '30 seconds', ${COMPLETED(o)} - interval '29 seconds' FROM $SERIES WHERE ${card}`,
    `INSERT INTO departments.ledger_entries (id, source_id, transaction_id, line_no, kind, department_code, sku, amount_minor, tax_minor, created_at)
     SELECT ${uuidOf('00000000-0000-4000-a000-', 'i')}, ${TX}, ${TX}, 1, 'sale', ${DEPARTMENT(o.terminals)}, 'SKU-' || (i % 20), ${AMOUNT}, 0,
            ${COMPLETED(o)} - interval '2 minutes' FROM $SERIES`,
    `INSERT INTO inventory.stock_movements (sku, location_code, kind, on_hand_delta, reserved_delta, reference, transaction_id, created_at)
     SELECT 'SKU-' || (i % 20), 'MAIN', 'commit', -1, -1, ${TX}::text, ${TX}, ${COMPLETED(o)} - interval '10 seconds' FROM $SERIES`,
  ]);
  await timed('lines and payments', [
    `INSERT INTO transactions.transaction_lines (transaction_id, line_no, sku, name, quantity, unit_price_minor, tax_rate_bp, tax_minor, line_total_minor, department_code)
     SELECT ${TX}, 1, 'SKU-' || (i % 20), 'Item', 1, ${AMOUNT}, 0, 0, ${AMOUNT}, ${DEPARTMENT(o.terminals)} FROM $SERIES`,
    `INSERT INTO transactions.payments (id, transaction_id, method, amount_minor, status, updated_at)
     SELECT ${PAYMENT}, ${TX}, (CASE WHEN ${card} THEN 'card' ELSE 'cash' END)::transactions.payment_method, ${AMOUNT}, 'approved', ${COMPLETED(o)} FROM $SERIES`,
  ]);
  await timed('card payment attempts', [
    `INSERT INTO transactions.payment_attempts (id, payment_id, terminal_id, service_id, amount_minor, status, created_at)
     SELECT ${uuidOf('00000000-0000-4000-b000-', 'i')}, ${PAYMENT}, ${TERMINAL(o.terminals)}, 'B' || i, ${AMOUNT}, 'approved', ${COMPLETED(o)} - interval '30 seconds'
       FROM $SERIES WHERE ${card}`,
  ]);
  await timed('daily rollup of the report projections', [ROLLUP]);
  const since = performance.now();
  await sql('VACUUM ANALYZE');
  log(`  VACUUM ANALYZE in ${((performance.now() - since) / 1000).toFixed(1)} s`);
}

async function inParallel(tasks: Array<() => Promise<unknown>>): Promise<void> {
  const queue = [...tasks];
  const worker = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) await task();
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}
