import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

const DAY = `t.status = 'completed' AND t.completed_at >= $1::timestamptz AND t.completed_at < $2::timestamptz`;
const n = (value: bigint | number) => toSafeNumber(value, 'Amount');

/** The sales completed in the window: three set-based reads, no per-transaction round trip. */
export async function dayLedgerOf(sql: SqlExecutor, from: string, to: string): Promise<reports.DayLedger> {
  const [sales, lines, cards] = await Promise.all([
    sql.query<{ id: string; terminal_id: string; department_code: string; currency: string; total: bigint }>(
      `SELECT t.id::text, t.terminal_id, t.department_code, t.currency, t.total_minor AS total FROM transactions.transactions t WHERE ${DAY}`,
      [from, to],
    ),
    sql.query<{ id: string; line_no: number; department_code: string; amount: bigint }>(
      `SELECT l.transaction_id::text AS id, l.line_no, l.department_code, l.line_total_minor AS amount
         FROM transactions.transactions t JOIN transactions.transaction_lines l ON l.transaction_id = t.id WHERE ${DAY}`,
      [from, to],
    ),
    sql.query<{ id: string; terminal_id: string; service_id: string | null; amount: bigint }>(
      `SELECT t.id::text, t.terminal_id, a.service_id, p.amount_minor AS amount
         FROM transactions.transactions t
         JOIN transactions.payments p ON p.transaction_id = t.id AND p.method = 'card' AND p.status IN ('approved', 'refunded')
         LEFT JOIN LATERAL (SELECT service_id FROM transactions.payment_attempts
                             WHERE payment_id = p.id AND status = 'approved' ORDER BY created_at DESC LIMIT 1) a ON true
        WHERE ${DAY}`,
      [from, to],
    ),
  ]);
  return {
    currency: sales[0]?.currency ?? 'EUR',
    sales: sales.map((s) => ({ transactionId: s.id, terminalId: s.terminal_id, departmentCode: s.department_code, totalMinor: n(s.total) })),
    lines: lines.map((l) => ({ transactionId: l.id, lineNo: l.line_no, departmentCode: l.department_code, amountMinor: n(l.amount) })),
    cardPayments: cards.map((c) => ({ transactionId: c.id, terminalId: c.terminal_id, serviceId: c.service_id, amountMinor: n(c.amount) })),
  };
}
