import { columnsOf, outboxTraceContext, toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { PricedLine, Totals } from '../domain/pricing';
import { countStatusChange } from '../transactions.metrics';

export type TransactionStatus =
  | 'pending'
  | 'reserved'
  | 'completing'
  | 'completed'
  | 'cancelled'
  | 'expired'
  | 'failed'
  | 'partially_refunded'
  | 'refunded';
export type PaymentMethod = 'cash' | 'card' | 'points';
export type PaymentStatus = 'pending' | 'approved' | 'declined' | 'reversed' | 'refunded';

export interface NewTransaction {
  id: string;
  terminalId: string;
  departmentCode: string;
  customerId: string | undefined;
  currency: string;
  discount: object | undefined;
  lines: PricedLine[];
  totals: Totals;
  reservationExpiresAt: Date;
}

export interface PaymentRecord {
  id: string;
  method: PaymentMethod;
  amountMinor: number;
  tenderedMinor: number | null;
  changeMinor: number | null;
  status: PaymentStatus;
  reference: string | null;
  refundedMinor: number;
}

export interface NewRefund {
  id: string;
  transactionId: string;
  reason: string;
  amountMinor: number;
  /** The part the drawer pays back in cash, and the shift open on the terminal then. */
  cashMinor: number;
  shiftId: string | undefined;
  lines: Array<{ lineNo: number; sku: string; quantity: number; amountMinor: number }>;
}

export interface TransactionRecord {
  id: string;
  receiptNumber: number;
  status: TransactionStatus;
  terminalId: string;
  departmentCode: string;
  customerId: string | null;
  currency: string;
  lines: Array<PricedLine & { refundedQuantity: number }>;
  totals: Totals;
  reservationExpiresAt: Date | null;
  completedAt: Date | null;
  payments: PaymentRecord[];
  statusHistory: Array<{ from: TransactionStatus | null; to: TransactionStatus; reason: string | null; at: Date }>;
  refunds: Array<{ id: string; reason: string; amountMinor: number; createdAt: Date }>;
}

export interface TerminalDay {
  terminalId: string;
  count: number;
  totalMinor: number;
}

/** What goes with a status change: why, when, the payments it records or approves and the event it announces. */
export interface StatusChange {
  reason?: string;
  completedAt?: Date;
  /** The change is refused once the reservation has run out by then. */
  unexpiredAt?: Date;
  /**
   * The change is made only in this terminal's open shift, which it joins; the shift stays locked
   * (against closing) until the change commits.
   */
  inOpenShiftOf?: string;
  /** Payments recorded with the change; recording the same ids again changes nothing. */
  payments?: ReadonlyArray<{ id: string; method: PaymentMethod; amountMinor: number; tenderedMinor?: number | undefined }>;
  approvePayments?: readonly string[];
  event?: { channel: string; payload: object; headers?: Record<string, string> };
}

/** The outcome of a status change; `shift` is the open shift found when one was required. */
export interface StatusChangeOutcome {
  moved: boolean;
  shift: { id: string; operatorId: string } | undefined;
}

const money = (value: bigint | number): number => toSafeNumber(value, 'Amount');

/** A transaction with its children, in one round trip; money travels as text so JSON cannot round it. */
const FIND_TRANSACTION = `
  SELECT t.id, t.receipt_number, t.status, t.terminal_id, t.department_code, t.customer_id, t.currency,
         t.subtotal_minor, t.discount_minor, t.tax_minor, t.total_minor, t.reservation_expires_at, t.completed_at,
         (SELECT json_agg(json_build_object(
                   'lineNo', l.line_no, 'sku', l.sku, 'name', l.name, 'quantity', l.quantity,
                   'unitPriceMinor', l.unit_price_minor::text, 'taxRateBp', l.tax_rate_bp,
                   'discountMinor', l.discount_minor::text, 'taxMinor', l.tax_minor::text,
                   'lineTotalMinor', l.line_total_minor::text, 'departmentCode', l.department_code,
                   'refundedQuantity', l.refunded_quantity) ORDER BY l.line_no)
            FROM transactions.transaction_lines l WHERE l.transaction_id = t.id) AS lines,
         (SELECT json_agg(json_build_object(
                   'id', p.id, 'method', p.method, 'amountMinor', p.amount_minor::text,
                   'tenderedMinor', p.tendered_minor::text, 'changeMinor', p.change_minor::text, 'status', p.status,
                   'reference', p.reference, 'refundedMinor', p.refunded_minor::text) ORDER BY p.position)
            FROM transactions.payments p WHERE p.transaction_id = t.id) AS payments,
         (SELECT json_agg(json_build_object('from', c.from_status, 'to', c.to_status, 'reason', c.reason, 'at', c.at) ORDER BY c.id)
            FROM transactions.status_changes c WHERE c.transaction_id = t.id) AS history,
         (SELECT json_agg(json_build_object('id', r.id, 'reason', r.reason, 'amountMinor', r.amount_minor::text,
                                            'createdAt', r.created_at) ORDER BY r.created_at, r.id)
            FROM transactions.refunds r WHERE r.transaction_id = t.id) AS refunds
    FROM transactions.transactions t
   WHERE t.id = $1`;

interface TransactionRow {
  id: string;
  receipt_number: bigint;
  status: TransactionStatus;
  terminal_id: string;
  department_code: string;
  customer_id: string | null;
  currency: string;
  subtotal_minor: bigint;
  discount_minor: bigint;
  tax_minor: bigint;
  total_minor: bigint;
  reservation_expires_at: Date | null;
  completed_at: Date | null;
  lines: Array<Record<string, string | number>> | null;
  payments: Array<Record<string, string | null>> | null;
  history: Array<{ from: TransactionStatus | null; to: TransactionStatus; reason: string | null; at: string }> | null;
  refunds: Array<{ id: string; reason: string; amountMinor: string; createdAt: string }> | null;
}

/**
 * One statement: lock the terminal's open shift when the change needs one, lock the row, move it if
 * its status is one of `from`, log the change, record the payments, and only if it moved approve the
 * payments and write the event to the platform's outbox, which the relay drains.
 */
const TRANSITION = `
  WITH shift AS (
    SELECT id, operator_id FROM transactions.shifts
     WHERE $12::varchar IS NOT NULL AND terminal_id = $12 AND status = 'open' FOR KEY SHARE),
  previous AS (
    SELECT status, reservation_expires_at FROM transactions.transactions WHERE id = $1 FOR UPDATE),
  moved AS (
    UPDATE transactions.transactions t
       SET status = $2::transactions.transaction_status, completed_at = coalesce($3::timestamptz, t.completed_at),
           shift_id = coalesce((SELECT id FROM shift), t.shift_id), updated_at = now()
      FROM previous
     WHERE t.id = $1 AND previous.status::text = ANY($4::text[])
       AND ($6::timestamptz IS NULL OR previous.reservation_expires_at > $6::timestamptz)
       AND ($12::varchar IS NULL OR EXISTS (SELECT 1 FROM shift))
    RETURNING previous.status AS from_status),
  logged AS (
    INSERT INTO transactions.status_changes (transaction_id, from_status, to_status, reason)
    SELECT $1, from_status, $2::transactions.transaction_status, $5 FROM moved),
  recorded AS (
    INSERT INTO transactions.payments (id, transaction_id, position, method, amount_minor, tendered_minor, change_minor, updated_at)
    SELECT p.id, $1, p.position - 1, p.method::transactions.payment_method, p.amount, p.tendered, p.tendered - p.amount, now()
      FROM unnest($13::uuid[], $14::text[], $15::bigint[], $16::bigint[]) WITH ORDINALITY AS p(id, method, amount, tendered, position)
    ON CONFLICT (id) DO NOTHING),
  approved AS (
    UPDATE transactions.payments SET status = 'approved', updated_at = now()
     WHERE id = ANY($7::uuid[]) AND EXISTS (SELECT 1 FROM moved)),
  announced AS (
    INSERT INTO platform.outbox (channel, aggregate_type, aggregate_id, payload, headers, trace_context)
    SELECT $8::text, 'transaction', $1, $9::jsonb, $10::jsonb, $11::jsonb FROM moved WHERE $8::text IS NOT NULL)
  SELECT (SELECT count(*) FROM moved) AS moved, shift.id AS shift_id, shift.operator_id
    FROM (SELECT 1) one LEFT JOIN shift ON true`;

const LINE_COLUMNS = [
  'lineNo',
  'sku',
  'name',
  'quantity',
  'unitPriceMinor',
  'taxRateBp',
  'discountMinor',
  'taxMinor',
  'lineTotalMinor',
  'departmentCode',
] as const;
const PAYMENT_COLUMNS = ['id', 'method', 'amountMinor', 'tenderedMinor'] as const;

const textMoney = (value: string | number | null | undefined): number => money(BigInt(value ?? 0));
const optionalTextMoney = (value: string | null | undefined): number | null => (value == null ? null : textMoney(value));

/**
 * One store day per terminal: sales completed within the day's bounds in the zone (computed here, so
 * a day with a DST change has its 23 or 25 hours), and refunds created within them, of any sale of the
 * terminal. The day row always comes back, with a NULL terminal when nothing happened that day.
 */
const TERMINAL_DAY = `
  WITH day AS (
    SELECT d AS date, d::timestamp AT TIME ZONE $1::text AS starts, (d + 1)::timestamp AT TIME ZONE $1::text AS ends
      FROM (SELECT coalesce($2::date, (now() AT TIME ZONE $1::text)::date) AS d) today),
  sales AS (
    SELECT t.terminal_id, count(*) AS count, sum(t.total_minor)::bigint AS total
      FROM transactions.transactions t, day
     WHERE t.status IN ('completed', 'partially_refunded', 'refunded') AND t.completed_at >= day.starts AND t.completed_at < day.ends
     GROUP BY t.terminal_id),
  refunded AS (
    SELECT t.terminal_id, sum(r.amount_minor)::bigint AS total
      FROM transactions.refunds r JOIN transactions.transactions t ON t.id = r.transaction_id, day
     WHERE r.created_at >= day.starts AND r.created_at < day.ends
     GROUP BY t.terminal_id),
  figures AS (
    SELECT coalesce(s.terminal_id, r.terminal_id) AS terminal_id, coalesce(s.count, 0) AS count,
           coalesce(s.total, 0) - coalesce(r.total, 0) AS total_minor
      FROM sales s FULL JOIN refunded r ON r.terminal_id = s.terminal_id)
  SELECT day.date::text AS date, f.terminal_id, f.count, f.total_minor
    FROM day LEFT JOIN figures f ON true
   ORDER BY f.terminal_id`;

/** The transactions schema: transactions, their lines, status history, payments, attempts and refunds. */
export class TransactionsRepository {
  /** Inserts the pending transaction, its lines and first status once; a repeated insert changes nothing. */
  async insertPending(sql: SqlExecutor, t: NewTransaction): Promise<void> {
    const recorded = await sql.execute(
      `WITH inserted AS (
         INSERT INTO transactions.transactions (id, terminal_id, department_code, customer_id, status, subtotal_minor,
                                                discount_minor, tax_minor, total_minor, discount, reservation_expires_at,
                                                currency, updated_at)
         VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9::jsonb, $10, $21, now())
         ON CONFLICT (id) DO NOTHING
         RETURNING id),
       lines AS (
         INSERT INTO transactions.transaction_lines (transaction_id, line_no, sku, name, quantity, unit_price_minor,
                                                     tax_rate_bp, discount_minor, tax_minor, line_total_minor, department_code)
         SELECT inserted.id, l.* FROM inserted,
                unnest($11::int[], $12::varchar[], $13::varchar[], $14::int[], $15::bigint[], $16::int[], $17::bigint[],
                       $18::bigint[], $19::bigint[], $20::varchar[]) AS l)
       INSERT INTO transactions.status_changes (transaction_id, from_status, to_status) SELECT id, NULL, 'pending' FROM inserted`,
      [
        t.id,
        t.terminalId,
        t.departmentCode,
        t.customerId ?? null,
        t.totals.subtotalMinor,
        t.totals.discountMinor,
        t.totals.taxMinor,
        t.totals.totalMinor,
        t.discount === undefined ? null : JSON.stringify(t.discount),
        t.reservationExpiresAt,
        ...columnsOf(t.lines, LINE_COLUMNS),
        t.currency,
      ],
    );
    if (recorded > 0) sql.afterCommit(() => countStatusChange('pending'));
  }

  async find(sql: SqlExecutor, id: string): Promise<TransactionRecord | undefined> {
    const [row] = await sql.query<TransactionRow>(FIND_TRANSACTION, [id]);
    if (!row) return undefined;
    return {
      id: row.id,
      receiptNumber: money(row.receipt_number),
      status: row.status,
      terminalId: row.terminal_id,
      departmentCode: row.department_code,
      customerId: row.customer_id,
      currency: row.currency,
      lines: (row.lines ?? []).map((line) => ({
        lineNo: line.lineNo as number,
        sku: line.sku as string,
        name: line.name as string,
        quantity: line.quantity as number,
        unitPriceMinor: textMoney(line.unitPriceMinor),
        taxRateBp: line.taxRateBp as number,
        discountMinor: textMoney(line.discountMinor),
        taxMinor: textMoney(line.taxMinor),
        lineTotalMinor: textMoney(line.lineTotalMinor),
        departmentCode: line.departmentCode as string,
        refundedQuantity: line.refundedQuantity as number,
      })),
      totals: {
        subtotalMinor: money(row.subtotal_minor),
        discountMinor: money(row.discount_minor),
        taxMinor: money(row.tax_minor),
        totalMinor: money(row.total_minor),
      },
      reservationExpiresAt: row.reservation_expires_at,
      completedAt: row.completed_at,
      payments: (row.payments ?? []).map((p) => ({
        id: p.id!,
        method: p.method as PaymentMethod,
        amountMinor: textMoney(p.amountMinor),
        tenderedMinor: optionalTextMoney(p.tenderedMinor),
        changeMinor: optionalTextMoney(p.changeMinor),
        status: p.status as PaymentStatus,
        reference: p.reference ?? null,
        refundedMinor: textMoney(p.refundedMinor),
      })),
      statusHistory: (row.history ?? []).map((c) => ({ from: c.from, to: c.to, reason: c.reason, at: new Date(c.at) })),
      refunds: (row.refunds ?? []).map((r) => ({ id: r.id, reason: r.reason, amountMinor: textMoney(r.amountMinor), createdAt: new Date(r.createdAt) })),
    };
  }

  /**
   * Moves the transaction to `to` only from one of `from` (a conditional update) and records the
   * change, in one statement with what goes with it: the payments to record or mark approved and the
   * event to leave through the outbox, written only if the transaction moved. Not moved when the
   * status was not one of `from`, its reservation had run out by `unexpiredAt` when that is given, or
   * the terminal named by `inOpenShiftOf` has no open shift. Only a change made and committed is
   * counted in the status metric, so a replay that finds the status reached counts nothing.
   */
  async move(sql: SqlExecutor, id: string, from: readonly TransactionStatus[], to: TransactionStatus, change: StatusChange = {}): Promise<StatusChangeOutcome> {
    const { reason, completedAt, unexpiredAt, inOpenShiftOf, payments = [], approvePayments = [], event } = change;
    // The change's trace goes with its event, so the outbox's consumers join it.
    const traceContext = event ? outboxTraceContext() : null;
    const [row] = await sql.query<{ moved: bigint; shift_id: string | null; operator_id: string | null }>(TRANSITION, [
      id,
      to,
      completedAt ?? null,
      [...from],
      reason ?? null,
      unexpiredAt ?? null,
      [...approvePayments],
      event?.channel ?? null,
      event ? JSON.stringify(event.payload) : null,
      JSON.stringify(event?.headers ?? {}),
      traceContext ? JSON.stringify(traceContext) : null,
      inOpenShiftOf ?? null,
      ...columnsOf(payments.map((p) => ({ ...p, tenderedMinor: p.tenderedMinor ?? null })), PAYMENT_COLUMNS),
    ]);
    const moved = row?.moved === 1n;
    if (moved) sql.afterCommit(() => countStatusChange(to));
    return { moved, shift: row?.shift_id ? { id: row.shift_id, operatorId: row.operator_id! } : undefined };
  }

  /** `move`, answering only whether the transaction moved. */
  async transition(sql: SqlExecutor, id: string, from: readonly TransactionStatus[], to: TransactionStatus, change: StatusChange = {}): Promise<boolean> {
    return (await this.move(sql, id, from, to, change)).moved;
  }

  /** Sets the status of the given payments (and a card payment's reference when given). */
  async setPaymentStatus(sql: SqlExecutor, paymentIds: readonly string[], status: PaymentStatus, reference?: string | null): Promise<void> {
    await sql.execute(
      `UPDATE transactions.payments
          SET status = $2::transactions.payment_status, reference = CASE WHEN $3 THEN $4 ELSE reference END, updated_at = now()
        WHERE id = ANY($1::uuid[])`,
      [[...paymentIds], status, reference !== undefined, reference ?? null],
    );
  }

  /** The payment's latest card attempt, if any. */
  async lastAttempt(sql: SqlExecutor, paymentId: string): Promise<{ id: string; serviceId: string; status: string } | undefined> {
    const [attempt] = await sql.query<{ id: string; serviceId: string; status: string }>(
      `SELECT id, service_id AS "serviceId", status FROM transactions.payment_attempts
        WHERE payment_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [paymentId],
    );
    return attempt;
  }

  async insertAttempt(sql: SqlExecutor, attempt: { paymentId: string; terminalId: string; serviceId: string; amountMinor: number }): Promise<string> {
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO transactions.payment_attempts (id, payment_id, terminal_id, service_id, amount_minor)
       VALUES (gen_random_uuid(), $1, $2, $3, $4) RETURNING id`,
      [attempt.paymentId, attempt.terminalId, attempt.serviceId, attempt.amountMinor],
    );
    return row!.id;
  }

  /** Card attempts of these payments that took or may have taken money: approved, or never resolved. */
  async attemptsToUndo(sql: SqlExecutor, paymentIds: readonly string[]): Promise<{ id: string; paymentId: string; serviceId: string }[]> {
    return sql.query<{ id: string; paymentId: string; serviceId: string }>(
      `SELECT id, payment_id AS "paymentId", service_id AS "serviceId" FROM transactions.payment_attempts
        WHERE payment_id = ANY($1::uuid[]) AND status IN ('approved', 'pending', 'unknown') ORDER BY created_at`,
      [[...paymentIds]],
    );
  }

  async resolveAttempt(
    sql: SqlExecutor,
    attemptId: string,
    status: 'approved' | 'declined' | 'aborted' | 'reversed',
    response: object,
  ): Promise<void> {
    await sql.execute(
      `UPDATE transactions.payment_attempts SET status = $2::transactions.payment_attempt_status, response = $3::jsonb, resolved_at = now()
        WHERE id = $1`,
      [attemptId, status, JSON.stringify(response)],
    );
  }

  /**
   * Records a refund and counts its quantities as refunded, each only while the line still has
   * that many unrefunded (a conditional update). False when the refund exists or a line ran out.
   */
  async insertRefund(sql: SqlExecutor, refund: NewRefund): Promise<boolean> {
    const inserted = await sql.execute(
      `INSERT INTO transactions.refunds (id, transaction_id, reason, amount_minor, cash_minor, shift_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [refund.id, refund.transactionId, refund.reason, refund.amountMinor, refund.cashMinor, refund.shiftId ?? null],
    );
    if (inserted === 0) return false;
    await sql.execute(
      `INSERT INTO transactions.refund_lines (refund_id, line_no, sku, quantity, amount_minor)
       SELECT $1, l.* FROM unnest($2::int[], $3::varchar[], $4::int[], $5::bigint[]) AS l`,
      [refund.id, ...columnsOf(refund.lines, ['lineNo', 'sku', 'quantity', 'amountMinor'] as const)],
    );
    for (const line of refund.lines) {
      const updated = await sql.execute(
        `UPDATE transactions.transaction_lines SET refunded_quantity = refunded_quantity + $3
          WHERE transaction_id = $1 AND line_no = $2 AND refunded_quantity + $3 <= quantity`,
        [refund.transactionId, line.lineNo, line.quantity],
      );
      if (updated !== 1) throw new RangeError(`Line ${line.lineNo} has fewer than ${line.quantity} units left to refund`);
    }
    return true;
  }

  /** Undoes a refund that could not be paid back: it no longer counts, and its rows are gone. */
  async removeRefund(sql: SqlExecutor, refundId: string): Promise<void> {
    await sql.execute(
      `UPDATE transactions.transaction_lines l SET refunded_quantity = l.refunded_quantity - rl.quantity
         FROM transactions.refund_lines rl JOIN transactions.refunds r ON r.id = rl.refund_id
        WHERE rl.refund_id = $1 AND l.transaction_id = r.transaction_id AND l.line_no = rl.line_no`,
      [refundId],
    );
    await sql.execute('DELETE FROM transactions.refund_lines WHERE refund_id = $1', [refundId]);
    await sql.execute('DELETE FROM transactions.refunds WHERE id = $1', [refundId]);
  }

  /** Whether the refund's event is already in the outbox (its booking committed). */
  async refundBooked(sql: SqlExecutor, refundId: string): Promise<boolean> {
    const rows = await sql.query(
      `SELECT 1 FROM platform.outbox WHERE channel = 'transactions.refunded' AND payload->>'refundId' = $1 LIMIT 1`,
      [refundId],
    );
    return rows.length > 0;
  }

  /** Adds a refunded amount to a payment; fully refunded payments become `refunded`. */
  async addPaymentRefund(sql: SqlExecutor, paymentId: string, amountMinor: number): Promise<void> {
    await sql.execute(
      `UPDATE transactions.payments
          SET refunded_minor = refunded_minor + $2,
              status = CASE WHEN refunded_minor + $2 >= amount_minor THEN 'refunded'::transactions.payment_status ELSE status END,
              updated_at = now()
        WHERE id = $1`,
      [paymentId, amountMinor],
    );
  }

  async openCount(sql: SqlExecutor, terminalId: string): Promise<number> {
    const [row] = await sql.query<{ open: bigint }>(
      `SELECT count(*) AS open FROM transactions.transactions WHERE terminal_id = $1 AND status IN ('pending', 'reserved', 'completing')`,
      [terminalId],
    );
    return money(row!.open);
  }

  /** A store day's completed sales per terminal, net of that day's refunds; `date` absent means today in `timeZone`. */
  async terminalDay(sql: SqlExecutor, timeZone: string, date: string | undefined): Promise<{ date: string; terminals: TerminalDay[] }> {
    const rows = await sql.query<{ date: string; terminal_id: string | null; count: bigint | null; total_minor: bigint | null }>(
      TERMINAL_DAY,
      [timeZone, date ?? null],
    );
    return {
      date: rows[0]!.date,
      terminals: rows.flatMap((row) =>
        row.terminal_id === null ? [] : [{ terminalId: row.terminal_id, count: money(row.count ?? 0n), totalMinor: money(row.total_minor ?? 0n) }],
      ),
    };
  }

  /** The id of the transaction with that receipt number. */
  async idByReceipt(sql: SqlExecutor, receiptNumber: number): Promise<string | undefined> {
    const [row] = await sql.query<{ id: string }>(`SELECT id FROM transactions.transactions WHERE receipt_number = $1`, [receiptNumber]);
    return row?.id;
  }

  /** Reserved transactions whose reservation ran out. */
  async findExpired(sql: SqlExecutor, now: Date, limit: number): Promise<string[]> {
    const rows = await sql.query<{ id: string }>(
      `SELECT id FROM transactions.transactions WHERE status = 'reserved' AND reservation_expires_at < $1 LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }
}
