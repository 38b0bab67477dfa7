import { idSliceCondition, toSafeNumber, type IdSlice, type SqlExecutor } from '@tillwire/platform';
import type { reports } from '@tillwire/contracts';

/**
 * Approved pay commands sent in the window for a slice of transactions (index commands(transaction_id)),
 * with the amount of their request.
 */
export async function dayApprovedPayments(
  sql: SqlExecutor,
  slice: { from: string; to: string } & IdSlice,
): Promise<reports.DayTerminalPayments> {
  const ids = idSliceCondition('transaction_id', slice, 3);
  const payments = await sql.query<{ terminal_id: string; service_id: string; transaction_id: string; amount: bigint; at: Date }>(
    `SELECT terminal_id, service_id, transaction_id::text, (request->>'amountMinor')::bigint AS amount, created_at AS at
       FROM terminals.commands
      WHERE kind = 'pay' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz
        AND state = 'answered' AND reply->>'outcome' = 'approved' ${ids.sql}`,
    [slice.from, slice.to, ...ids.params],
  );
  return {
    payments: payments.map((p) => ({
      terminalId: p.terminal_id,
      serviceId: p.service_id,
      transactionId: p.transaction_id,
      amountMinor: toSafeNumber(p.amount, 'Payment amount'),
      at: new Date(p.at).toISOString(),
    })),
  };
}

/** Every registered terminal, and whether a node holds its session. */
export async function terminalRoster(sql: SqlExecutor): Promise<reports.TerminalRoster> {
  const terminals = await sql.query<{ id: string; department_code: string; connected: boolean }>(
    'SELECT id, department_code, session_node IS NOT NULL AS connected FROM terminals.terminals ORDER BY id',
  );
  return { terminals: terminals.map((t) => ({ terminalId: t.id, departmentCode: t.department_code, connected: t.connected })) };
}
