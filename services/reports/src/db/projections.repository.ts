import { columnsOf, type SqlExecutor } from '@tillwire/platform';

export interface SaleFact {
  transactionId: string;
  completedAt: Date;
  terminalId: string;
  departmentCode: string;
  operatorId: string | null;
  shiftId: string | null;
  currency: string;
  grossMinor: number;
  discountMinor: number;
  payments: ReadonlyArray<{ method: string; amountMinor: number; changeMinor: number }>;
  departments: ReadonlyArray<{ departmentCode: string; amountMinor: number; units: number }>;
}

export interface RefundFact {
  refundId: string;
  transactionId: string;
  refundedAt: Date;
  terminalId: string;
  amountMinor: number;
  cashMinor: number;
  departments: ReadonlyArray<{ departmentCode: string; amountMinor: number; units: number }>;
  payments: ReadonlyArray<{ method: string; amountMinor: number }>;
}

/**
 * The sale, its tenders, its allocation and its share of the terminal's day (`terminal_day_sales`) in
 * one statement; all but the sale are written only when the sale row is new, so a redelivered event
 * changes nothing. The business date is the
 * completion time's calendar day in the store's zone, computed by PostgreSQL (DST-proof).
 */
const RECORD_SALE = `
  WITH sale AS (
    INSERT INTO reports.sales (transaction_id, business_date, completed_at, terminal_id, department_code, operator_id, shift_id,
                               currency, gross_minor, discount_minor)
    VALUES ($1, ($2::timestamptz AT TIME ZONE $3::text)::date, $2, $4, $5, $6, $7, $8, $9, $10)
    ON CONFLICT (transaction_id) DO NOTHING
    RETURNING transaction_id, business_date, terminal_id),
  tenders AS (
    INSERT INTO reports.sale_payments (transaction_id, position, business_date, terminal_id, method, amount_minor, change_minor)
    SELECT sale.transaction_id, p.position - 1, sale.business_date, sale.terminal_id, p.method, p.amount, p.change
      FROM sale, unnest($11::text[], $12::bigint[], $13::bigint[]) WITH ORDINALITY AS p(method, amount, change, position)),
  allocation AS (
    INSERT INTO reports.sale_departments (transaction_id, department_code, business_date, terminal_id, amount_minor, units)
    SELECT sale.transaction_id, d.code, sale.business_date, sale.terminal_id, d.amount, d.units
      FROM sale, unnest($14::varchar[], $15::bigint[], $16::int[]) AS d(code, amount, units))
  INSERT INTO reports.terminal_day_sales AS t (business_date, terminal_id, department_code, currency, dimension, key, count, gross_minor,
                                               discount_minor, units)
  SELECT sale.business_date, sale.terminal_id, $5, $8, r.dimension, r.key, r.count, r.gross, r.discount, r.units
    FROM sale, (
      SELECT 'operator' AS dimension, coalesce($6::text, '') AS key, 1::bigint AS count, $9::bigint AS gross, $10::bigint AS discount, 0::bigint AS units
      UNION ALL
      SELECT 'department', code, count(*), sum(amount)::bigint, 0, sum(units)::bigint
        FROM unnest($14::varchar[], $15::bigint[], $16::int[]) AS d(code, amount, units) GROUP BY code
      UNION ALL
      SELECT 'method', method, count(*), sum(amount)::bigint, 0, 0
        FROM unnest($11::text[], $12::bigint[]) AS p(method, amount) GROUP BY method) r
  ON CONFLICT (business_date, terminal_id, department_code, currency, dimension, key) DO UPDATE
     SET count = t.count + excluded.count, gross_minor = t.gross_minor + excluded.gross_minor,
         discount_minor = t.discount_minor + excluded.discount_minor, units = t.units + excluded.units`;

/** The report projections: one row per fact, keyed by the transaction or refund id. */
export class ProjectionsRepository {
  async recordSale(sql: SqlExecutor, timeZone: string, sale: SaleFact): Promise<void> {
    await sql.execute(RECORD_SALE, [
      sale.transactionId,
      sale.completedAt,
      timeZone,
      sale.terminalId,
      sale.departmentCode,
      sale.operatorId,
      sale.shiftId,
      sale.currency,
      sale.grossMinor,
      sale.discountMinor,
      ...columnsOf(sale.payments, ['method', 'amountMinor', 'changeMinor'] as const),
      ...columnsOf(sale.departments, ['departmentCode', 'amountMinor', 'units'] as const),
    ]);
  }

  async recordRefund(sql: SqlExecutor, timeZone: string, refund: RefundFact): Promise<void> {
    await sql.execute(
      `INSERT INTO reports.refunds (refund_id, transaction_id, business_date, refunded_at, terminal_id, amount_minor, cash_minor,
                                    departments, payments)
       VALUES ($1, $2, ($3::timestamptz AT TIME ZONE $4::text)::date, $3, $5, $6, $7, $8::jsonb, $9::jsonb)
       ON CONFLICT (refund_id) DO NOTHING`,
      [
        refund.refundId,
        refund.transactionId,
        refund.refundedAt,
        timeZone,
        refund.terminalId,
        refund.amountMinor,
        refund.cashMinor,
        JSON.stringify(refund.departments),
        JSON.stringify(refund.payments),
      ],
    );
  }
}

export const projectionsRepository = new ProjectionsRepository();
