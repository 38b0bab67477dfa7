import { idSliceCondition, toSafeNumber, type IdSlice, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

/** Sale and reversal entries booked in the window for a slice of transactions (index ledger_entries(transaction_id)), per line. */
export async function dayLedgerEntries(
  sql: SqlExecutor,
  slice: { from: string; to: string } & IdSlice,
): Promise<reports.DayDepartmentLedger['entries']> {
  const ids = idSliceCondition('transaction_id', slice, 3);
  const rows = await sql.query<{ transaction_id: string; line_no: number; department_code: string; amount: bigint }>(
    `SELECT transaction_id::text, line_no, department_code, sum(amount_minor)::bigint AS amount
       FROM departments.ledger_entries
      WHERE kind IN ('sale', 'reversal') AND created_at >= $1::timestamptz AND created_at < $2::timestamptz ${ids.sql}
      GROUP BY transaction_id, line_no, department_code`,
    [slice.from, slice.to, ...ids.params],
  );
  return rows.map((r) => ({
    transactionId: r.transaction_id,
    lineNo: r.line_no,
    departmentCode: r.department_code,
    amountMinor: toSafeNumber(r.amount, 'Ledger amount'),
  }));
}
