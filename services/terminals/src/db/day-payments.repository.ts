import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

/**
 * Approved pay commands sent in the window (index commands(kind, created_at)), with the transaction and
 * amount of their request, and the terminals they went to or that exist.
 */
export async function dayApprovedPayments(sql: SqlExecutor, from: string, to: string): Promise<reports.DayTerminalPayments> {
  const [payments, terminals] = await Promise.all([
    sql.query<{ terminal_id: string; service_id: string; transaction_id: string; amount: bigint; at: Date }>(
      `SELECT terminal_id, service_id, request->>'transactionId' AS transaction_id, (request->>'amountMinor')::bigint AS amount,
              created_at AS at
         FROM terminals.commands
        WHERE kind = 'pay' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz
          AND state = 'answered' AND reply->>'outcome' = 'approved'`,
      [from, to],
    ),
    sql.query<{ id: string; department_code: string; connected: boolean }>(
      'SELECT id, department_code, session_node IS NOT NULL AS connected FROM terminals.terminals',
    ),
  ]);
  return {
    terminals: terminals.map((t) => ({ terminalId: t.id, departmentCode: t.department_code, connected: t.connected })),
    payments: payments.map((p) => ({
      terminalId: p.terminal_id,
      serviceId: p.service_id,
      transactionId: p.transaction_id,
      amountMinor: toSafeNumber(p.amount, 'Payment amount'),
      at: new Date(p.at).toISOString(),
    })),
  };
}
