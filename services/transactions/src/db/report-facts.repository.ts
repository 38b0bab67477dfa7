import type { transactions } from '@tillwire/contracts';
import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';

export interface RefundReportFacts {
  refundedAt: Date;
  cashMinor: number;
  departments: transactions.DepartmentShare[];
}

/** What the refunded event tells reports beyond the refund itself, read where it is written. */
export class ReportFactsRepository {
  /** When, the cash part, and the split of the refund by department. */
  async refund(sql: SqlExecutor, refundId: string): Promise<RefundReportFacts | undefined> {
    const [row] = await sql.query<{ created_at: Date; cash_minor: bigint; departments: StoredShare[] | null }>(
      `SELECT r.created_at, r.cash_minor,
              ${departmentSplit(`SELECT l.department_code, sum(rl.amount_minor) AS amount, sum(rl.quantity)::int AS units
                                   FROM transactions.refund_lines rl
                                   JOIN transactions.transaction_lines l ON l.transaction_id = r.transaction_id AND l.line_no = rl.line_no
                                  WHERE rl.refund_id = r.id GROUP BY l.department_code`)} AS departments
         FROM transactions.refunds r WHERE r.id = $1`,
      [refundId],
    );
    if (!row) return undefined;
    return { refundedAt: row.created_at, cashMinor: money(row.cash_minor), departments: shares(row.departments) };
  }
}

type StoredShare = Record<string, string | number>;

/** The rows of `perDepartment` (department_code, amount, units) as one JSON array; amounts as text so JSON cannot round them. */
const departmentSplit = (perDepartment: string) =>
  `(SELECT json_agg(json_build_object('departmentCode', d.department_code, 'amountMinor', d.amount::text, 'units', d.units)
                     ORDER BY d.department_code)
      FROM (${perDepartment}) d)`;

const money = (value: bigint | string | number): number => toSafeNumber(BigInt(value), 'Amount');

const shares = (stored: StoredShare[] | null | undefined): transactions.DepartmentShare[] =>
  (stored ?? []).map((d) => ({ departmentCode: d.departmentCode as string, amountMinor: money(d.amountMinor!), units: d.units as number }));
