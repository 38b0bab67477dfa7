import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';

export interface SummaryFilter {
  fromDate: string;
  toDate: string;
  /** Every terminal when empty. */
  terminalIds: readonly string[];
  /** The terminals' department; every department when absent. */
  departmentCode: string | undefined;
}

/** Sales and refunds of one group, on one business day. */
export interface FiguresRow {
  businessDate: string;
  terminalId: string;
  /** operator id, department code or payment method, by the query. */
  key: string;
  count: number;
  grossMinor: number;
  discountMinor: number;
  refundCount: number;
  refundedMinor: number;
  units: number;
  unitsReturned: number;
}

export interface TerminalRow {
  businessDate: string;
  terminalId: string;
  departmentCode: string;
  currency: string;
}

interface RawFigures {
  business_date: string;
  terminal_id: string;
  key: string | null;
  count: bigint;
  gross: bigint;
  discount: bigint;
  refund_count: bigint;
  refunded: bigint;
  units: bigint;
  units_returned: bigint;
}

const n = (value: bigint | number | null | undefined) => toSafeNumber(value ?? 0n, 'Amount');

/** The rows of `sales` in range, and refunds in range joined to their sale (for its operator and department). */
const inRange = (alias?: string) => {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${column('business_date')} BETWEEN $1::date AND $2::date AND (cardinality($3::text[]) = 0 OR ${column('terminal_id')} = ANY($3::text[]))`;
};
const FILTER = inRange();
const REFUND_FILTER = inRange('r');
const SALE_DEPARTMENT = `($4::text IS NULL OR s.department_code = $4::text)`;

/** A terminal's day of sales, summed by `dimension` (operator, department or method) when they were projected. */
const DAY_SALES = (dimension: string) => `
  SELECT business_date, terminal_id, key, sum(count)::bigint AS count, sum(gross_minor)::bigint AS gross,
         sum(discount_minor)::bigint AS discount, sum(units)::bigint AS units
    FROM reports.terminal_day_sales s
   WHERE ${FILTER} AND dimension = '${dimension}' AND ${SALE_DEPARTMENT}
   GROUP BY 1, 2, 3`;

/** Per terminal and day: its department and currency (of the sales or, failing any, of the refunded sales). */
const TERMINALS = `
  SELECT DISTINCT ON (business_date, terminal_id) business_date::text, terminal_id, department_code, currency FROM (
    SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 0 AS rank FROM reports.terminal_day_sales s
     WHERE ${FILTER} AND s.dimension = 'operator' AND ${SALE_DEPARTMENT}
    UNION ALL
    SELECT r.business_date, r.terminal_id, s.department_code, s.currency, 1 FROM reports.refunds r JOIN reports.sales s USING (transaction_id)
     WHERE ${REFUND_FILTER} AND ${SALE_DEPARTMENT}) t
   ORDER BY business_date, terminal_id, rank`;

const BY_OPERATOR = `
  WITH sold AS (${DAY_SALES('operator')}),
  returned AS (
    SELECT r.business_date, r.terminal_id, coalesce(s.operator_id, '') AS key, count(*) AS refund_count, sum(r.amount_minor)::bigint AS refunded
      FROM reports.refunds r LEFT JOIN reports.sales s USING (transaction_id)
     WHERE ${REFUND_FILTER} AND ${SALE_DEPARTMENT}
     GROUP BY 1, 2, 3)
  SELECT business_date::text, terminal_id, key, coalesce(count, 0) AS count, coalesce(gross, 0) AS gross, coalesce(discount, 0) AS discount,
         coalesce(refund_count, 0) AS refund_count, coalesce(refunded, 0) AS refunded, 0::bigint AS units, 0::bigint AS units_returned
    FROM sold FULL JOIN returned USING (business_date, terminal_id, key)`;

const BY_DEPARTMENT = `
  WITH sold AS (${DAY_SALES('department')}),
  returned AS (
    SELECT r.business_date, r.terminal_id, e."departmentCode" AS key, count(*) AS refund_count, sum(e."amountMinor")::bigint AS refunded,
           sum(e.units)::bigint AS units_returned
      FROM reports.refunds r LEFT JOIN reports.sales s USING (transaction_id),
           jsonb_to_recordset(r.departments) AS e("departmentCode" text, "amountMinor" bigint, units int)
     WHERE ${REFUND_FILTER} AND ${SALE_DEPARTMENT}
     GROUP BY 1, 2, 3)
  SELECT business_date::text, terminal_id, key, coalesce(count, 0) AS count, coalesce(gross, 0) AS gross, 0::bigint AS discount,
         coalesce(refund_count, 0) AS refund_count, coalesce(refunded, 0) AS refunded, coalesce(units, 0) AS units,
         coalesce(units_returned, 0) AS units_returned
    FROM sold FULL JOIN returned USING (business_date, terminal_id, key)`;

const BY_METHOD = `
  WITH sold AS (${DAY_SALES('method')}),
  returned AS (
    SELECT r.business_date, r.terminal_id, e.method AS key, count(*) AS refund_count, sum(e."amountMinor")::bigint AS refunded
      FROM reports.refunds r LEFT JOIN reports.sales s USING (transaction_id),
           jsonb_to_recordset(r.payments) AS e(method text, "amountMinor" bigint)
     WHERE ${REFUND_FILTER} AND ${SALE_DEPARTMENT}
     GROUP BY 1, 2, 3)
  SELECT business_date::text, terminal_id, key, coalesce(count, 0) AS count, coalesce(gross, 0) AS gross, 0::bigint AS discount,
         coalesce(refund_count, 0) AS refund_count, coalesce(refunded, 0) AS refunded, 0::bigint AS units, 0::bigint AS units_returned
    FROM sold FULL JOIN returned USING (business_date, terminal_id, key)`;

/** A shift's sales (and the refunds of them) as one group per payment method, key '' for the totals. */
const SHIFT = `
  WITH sold AS (SELECT * FROM reports.sales WHERE shift_id = $1::uuid),
  totals AS (
    SELECT '' AS key, (SELECT count(*) FROM sold) AS count, (SELECT coalesce(sum(gross_minor)::bigint, 0) FROM sold) AS gross,
           (SELECT coalesce(sum(discount_minor)::bigint, 0) FROM sold) AS discount,
           count(r.refund_id) AS refund_count, coalesce(sum(r.amount_minor)::bigint, 0) AS refunded
      FROM reports.refunds r WHERE r.transaction_id IN (SELECT transaction_id FROM sold)),
  tenders AS (
    SELECT p.method AS key, count(*) AS count, sum(p.amount_minor)::bigint AS gross FROM reports.sale_payments p
     WHERE p.transaction_id IN (SELECT transaction_id FROM sold) GROUP BY 1),
  returned AS (
    SELECT e.method AS key, count(*) AS refund_count, sum(e."amountMinor")::bigint AS refunded
      FROM reports.refunds r, jsonb_to_recordset(r.payments) AS e(method text, "amountMinor" bigint)
     WHERE r.transaction_id IN (SELECT transaction_id FROM sold) GROUP BY 1)
  SELECT '' AS business_date, '' AS terminal_id, key, count, gross, discount, refund_count, refunded, 0::bigint AS units, 0::bigint AS units_returned
    FROM totals
  UNION ALL
  SELECT '', '', key, coalesce(count, 0), coalesce(gross, 0), 0, coalesce(refund_count, 0), coalesce(refunded, 0), 0, 0
    FROM tenders FULL JOIN returned USING (key)`;

/** Reads of the projections, each one set-based statement over (business_date, …) indexes. */
export class SummariesRepository {
  async terminals(sql: SqlExecutor, filter: SummaryFilter): Promise<TerminalRow[]> {
    const rows = await sql.query<{ business_date: string; terminal_id: string; department_code: string | null; currency: string | null }>(
      TERMINALS,
      params(filter),
    );
    return rows.map((r) => ({
      businessDate: r.business_date,
      terminalId: r.terminal_id,
      departmentCode: r.department_code ?? '',
      currency: r.currency ?? '',
    }));
  }

  byOperator(sql: SqlExecutor, filter: SummaryFilter): Promise<FiguresRow[]> {
    return figures(sql, BY_OPERATOR, params(filter));
  }

  /** Per terminal and day, where its sales were allocated. */
  byDepartment(sql: SqlExecutor, filter: SummaryFilter): Promise<FiguresRow[]> {
    return figures(sql, BY_DEPARTMENT, params(filter));
  }

  byPaymentMethod(sql: SqlExecutor, filter: SummaryFilter): Promise<FiguresRow[]> {
    return figures(sql, BY_METHOD, params(filter));
  }

  /** Per department and day, over every terminal: the allocation's figures and the currency of its sales. */
  async departmentSales(sql: SqlExecutor, range: { fromDate: string; toDate: string; departmentCode: string | undefined }) {
    const rows = await sql.query<RawFigures & { currency: string | null }>(
      `WITH sold AS (
         SELECT d.business_date, d.department_code AS key, count(*) AS count, sum(d.amount_minor)::bigint AS gross, sum(d.units)::bigint AS units,
                min(s.currency) AS currency
           FROM reports.sale_departments d JOIN reports.sales s USING (transaction_id)
          WHERE d.business_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR d.department_code = $3::text)
          GROUP BY 1, 2),
       returned AS (
         SELECT r.business_date, e."departmentCode" AS key, count(*) AS refund_count, sum(e."amountMinor")::bigint AS refunded,
                sum(e.units)::bigint AS units_returned
           FROM reports.refunds r, jsonb_to_recordset(r.departments) AS e("departmentCode" text, "amountMinor" bigint, units int)
          WHERE r.business_date BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR e."departmentCode" = $3::text)
          GROUP BY 1, 2)
       SELECT business_date::text, '' AS terminal_id, key, coalesce(count, 0) AS count, coalesce(gross, 0) AS gross, 0::bigint AS discount,
              coalesce(refund_count, 0) AS refund_count, coalesce(refunded, 0) AS refunded, coalesce(units, 0) AS units,
              coalesce(units_returned, 0) AS units_returned, currency
         FROM sold FULL JOIN returned USING (business_date, key)
        ORDER BY business_date, key`,
      [range.fromDate, range.toDate, range.departmentCode ?? null],
    );
    return rows.map((row) => ({ ...toFigures(row), currency: row.currency ?? '' }));
  }

  /** A shift's figures: key '' holds the totals, the other rows one payment method each. */
  shift(sql: SqlExecutor, shiftId: string): Promise<FiguresRow[]> {
    return figures(sql, SHIFT, [shiftId]);
  }

  /** The currency of a shift's sales, when it made any. */
  async shiftCurrency(sql: SqlExecutor, shiftId: string): Promise<string | undefined> {
    const [row] = await sql.query<{ currency: string }>('SELECT currency FROM reports.sales WHERE shift_id = $1::uuid LIMIT 1', [shiftId]);
    return row?.currency;
  }
}

export const summariesRepository = new SummariesRepository();

function params(filter: SummaryFilter): unknown[] {
  return [filter.fromDate, filter.toDate, [...filter.terminalIds], filter.departmentCode ?? null];
}

async function figures(sql: SqlExecutor, statement: string, values: unknown[]): Promise<FiguresRow[]> {
  return (await sql.query<RawFigures>(statement, values)).map(toFigures);
}

function toFigures(row: RawFigures): FiguresRow {
  return {
    businessDate: row.business_date,
    terminalId: row.terminal_id,
    key: row.key ?? '',
    count: n(row.count),
    grossMinor: n(row.gross),
    discountMinor: n(row.discount),
    refundCount: n(row.refund_count),
    refundedMinor: n(row.refunded),
    units: n(row.units),
    unitsReturned: n(row.units_returned),
  };
}
