import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

const n = (value: bigint | number) => toSafeNumber(value, 'Amount');

export interface LedgerSlice {
  readonly from: string;
  readonly to: string;
  readonly after?: string | undefined;
  readonly limit: number;
}

/**
 * The first `limit` sales completed in the window after `after` by id (keyset over the primary key),
 * then their lines and card payments by those ids: three set-based reads, no per-transaction round trip.
 */
export async function dayLedgerOf(sql: SqlExecutor, slice: LedgerSlice, storeCurrency: string): Promise<reports.DayLedger> {
  const params: unknown[] = [slice.from, slice.to, slice.limit];
  if (slice.after !== undefined) params.push(slice.after);
  const sales = await sql.query<{ id: string; terminal_id: string; department_code: string; currency: string; total: bigint }>(
    `SELECT t.id::text, t.terminal_id, t.department_code, t.currency, t.total_minor AS total
       FROM transactions.transactions t
      WHERE t.status = 'completed' AND t.completed_at >= $1::timestamptz AND t.completed_at < $2::timestamptz
        ${slice.after === undefined ? '' : 'AND t.id > $4::uuid'}
      ORDER BY t.id LIMIT $3`,
    params,
  );
  const ids = sales.map((s) => s.id);
  const [lines, cards] = await Promise.all([
    sql.query<{ id: string; line_no: number; department_code: string; amount: bigint }>(
      `SELECT l.transaction_id::text AS id, l.line_no, l.department_code, l.line_total_minor AS amount
         FROM transactions.transaction_lines l WHERE l.transaction_id = ANY($1::uuid[])`,
      [ids],
    ),
    sql.query<{ id: string; terminal_id: string; service_id: string | null; amount: bigint }>(
      `SELECT t.id::text, t.terminal_id, a.service_id, p.amount_minor AS amount
         FROM transactions.transactions t
         JOIN transactions.payments p ON p.transaction_id = t.id AND p.method = 'card' AND p.status IN ('approved', 'refunded')
         LEFT JOIN LATERAL (SELECT service_id FROM transactions.payment_attempts
                             WHERE payment_id = p.id AND status = 'approved' ORDER BY created_at DESC LIMIT 1) a ON true
        WHERE t.id = ANY($1::uuid[])`,
      [ids],
    ),
  ]);
  return {
    currency: sales[0]?.currency ?? storeCurrency,
    sales: sales.map((s) => ({ transactionId: s.id, terminalId: s.terminal_id, departmentCode: s.department_code, totalMinor: n(s.total) })),
    lines: lines.map((l) => ({ transactionId: l.id, lineNo: l.line_no, departmentCode: l.department_code, amountMinor: n(l.amount) })),
    cardPayments: cards.map((c) => ({ transactionId: c.id, terminalId: c.terminal_id, serviceId: c.service_id, amountMinor: n(c.amount) })),
  };
}
