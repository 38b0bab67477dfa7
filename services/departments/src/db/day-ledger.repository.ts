import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

/** Sale and reversal entries booked in the window, per transaction line (index ledger_entries(department_code, created_at)). */
export async function dayLedgerEntries(sql: SqlExecutor, from: string, to: string): Promise<reports.DayDepartmentLedger['entries']> {
  const rows = await sql.query<{ transaction_id: string; line_no: number; department_code: string; amount: bigint }>(
    `SELECT transaction_id::text, line_no, department_code, sum(amount_minor)::bigint AS amount
       FROM departments.ledger_entries
      WHERE kind IN ('sale', 'reversal') AND created_at >= $1::timestamptz AND created_at < $2::timestamptz
      GROUP BY transaction_id, line_no, department_code`,
    [from, to],
  );
  return rows.map((r) => ({
    transactionId: r.transaction_id,
    lineNo: r.line_no,
    departmentCode: r.department_code,
    amountMinor: toSafeNumber(r.amount, 'Ledger amount'),
  }));
}
