import { toSafeNumber, type Db, type Prisma } from '@tillwire/platform';
import type { PricedLine, Totals } from '../domain/pricing';

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

export interface OutboxMessage {
  channel: string;
  aggregateId: string;
  payload: object;
  headers?: Record<string, string>;
}

const money = (value: bigint): number => toSafeNumber(value, 'Amount');

/** The transactions schema: transactions, their lines, status history, payments and attempts, plus the outbox. */
export class TransactionsRepository {
  /** Inserts the pending transaction once; a repeated insert of the same id changes nothing. */
  async insertPending(db: Db, t: NewTransaction): Promise<void> {
    const { count } = await db.transaction.createMany({
      data: [
        {
          id: t.id,
          terminalId: t.terminalId,
          departmentCode: t.departmentCode,
          customerId: t.customerId ?? null,
          status: 'pending',
          subtotalMinor: BigInt(t.totals.subtotalMinor),
          discountMinor: BigInt(t.totals.discountMinor),
          taxMinor: BigInt(t.totals.taxMinor),
          totalMinor: BigInt(t.totals.totalMinor),
          discount: (t.discount ?? undefined) as Prisma.InputJsonValue | undefined,
          reservationExpiresAt: t.reservationExpiresAt,
        },
      ],
      skipDuplicates: true,
    });
    if (count === 0) return;
    await db.transactionLine.createMany({
      data: t.lines.map((line) => ({
        transactionId: t.id,
        lineNo: line.lineNo,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPriceMinor: BigInt(line.unitPriceMinor),
        taxRateBp: line.taxRateBp,
        discountMinor: BigInt(line.discountMinor),
        taxMinor: BigInt(line.taxMinor),
        lineTotalMinor: BigInt(line.lineTotalMinor),
        departmentCode: line.departmentCode,
      })),
    });
    await db.transactionStatusChange.createMany({ data: [{ transactionId: t.id, fromStatus: null, toStatus: 'pending' }] });
  }

  async find(db: Db, id: string): Promise<TransactionRecord | undefined> {
    const row = await db.transaction.findUnique({
      where: { id },
      include: {
        lines: { orderBy: { lineNo: 'asc' } },
        payments: { orderBy: { createdAt: 'asc' } },
        statusChanges: { orderBy: { id: 'asc' } },
        refunds: { orderBy: { createdAt: 'asc' } },
      },
    });
    if (!row) return undefined;
    return {
      id: row.id,
      receiptNumber: money(row.receiptNumber),
      status: row.status,
      terminalId: row.terminalId,
      departmentCode: row.departmentCode,
      customerId: row.customerId,
      currency: row.currency,
      lines: row.lines.map((line) => ({
        lineNo: line.lineNo,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPriceMinor: money(line.unitPriceMinor),
        taxRateBp: line.taxRateBp,
        discountMinor: money(line.discountMinor),
        taxMinor: money(line.taxMinor),
        lineTotalMinor: money(line.lineTotalMinor),
        departmentCode: line.departmentCode,
        refundedQuantity: line.refundedQuantity,
      })),
      totals: {
        subtotalMinor: money(row.subtotalMinor),
        discountMinor: money(row.discountMinor),
        taxMinor: money(row.taxMinor),
        totalMinor: money(row.totalMinor),
      },
      reservationExpiresAt: row.reservationExpiresAt,
      completedAt: row.completedAt,
      payments: row.payments.map((p) => ({
        id: p.id,
        method: p.method,
        amountMinor: money(p.amountMinor),
        tenderedMinor: p.tenderedMinor === null ? null : money(p.tenderedMinor),
        changeMinor: p.changeMinor === null ? null : money(p.changeMinor),
        status: p.status,
        reference: p.reference,
        refundedMinor: money(p.refundedMinor),
      })),
      statusHistory: row.statusChanges.map((c) => ({ from: c.fromStatus, to: c.toStatus, reason: c.reason, at: c.at })),
      refunds: row.refunds.map((r) => ({ id: r.id, reason: r.reason, amountMinor: money(r.amountMinor), createdAt: r.createdAt })),
    };
  }

  /**
   * Moves the transaction to `to` only from one of `from` (a conditional update) and records the
   * change. Call inside a database transaction. False when the status was not one of `from`.
   */
  async transition(
    db: Db,
    id: string,
    from: readonly TransactionStatus[],
    to: TransactionStatus,
    reason?: string,
    completedAt?: Date,
  ): Promise<boolean> {
    // One statement: lock the row, move it if its status is one of `from`, and log the change.
    const changed = await db.$queryRaw<unknown[]>`
      WITH previous AS (
        SELECT status FROM transactions.transactions WHERE id = ${id}::uuid FOR UPDATE),
      moved AS (
        UPDATE transactions.transactions t
           SET status = ${to}::transactions.transaction_status,
               completed_at = coalesce(${completedAt ?? null}::timestamptz, t.completed_at),
               updated_at = now()
          FROM previous
         WHERE t.id = ${id}::uuid AND previous.status::text = ANY(${[...from]}::text[])
        RETURNING previous.status AS from_status)
      INSERT INTO transactions.status_changes (transaction_id, from_status, to_status, reason)
      SELECT ${id}::uuid, from_status, ${to}::transactions.transaction_status, ${reason ?? null} FROM moved
      RETURNING 1`;
    return changed.length === 1;
  }

  async insertPayments(
    db: Db,
    transactionId: string,
    payments: ReadonlyArray<{ id: string; method: PaymentMethod; amountMinor: number; tenderedMinor?: number | undefined }>,
  ): Promise<void> {
    await db.payment.createMany({
      data: payments.map((p) => ({
        id: p.id,
        transactionId,
        method: p.method,
        amountMinor: BigInt(p.amountMinor),
        tenderedMinor: p.tenderedMinor === undefined ? null : BigInt(p.tenderedMinor),
        changeMinor: p.tenderedMinor === undefined ? null : BigInt(p.tenderedMinor - p.amountMinor),
      })),
      skipDuplicates: true,
    });
  }

  async setPaymentStatus(db: Db, paymentId: string, status: PaymentStatus, reference?: string | null): Promise<void> {
    await db.payment.update({ where: { id: paymentId }, data: { status, ...(reference !== undefined ? { reference } : {}) } });
  }

  /** The payment's latest card attempt, if any. */
  async lastAttempt(db: Db, paymentId: string): Promise<{ id: string; serviceId: string; status: string } | undefined> {
    const attempt = await db.paymentAttempt.findFirst({
      where: { paymentId },
      orderBy: { createdAt: 'desc' },
      select: { id: true, serviceId: true, status: true },
    });
    return attempt ?? undefined;
  }

  async insertAttempt(db: Db, attempt: { paymentId: string; terminalId: string; serviceId: string; amountMinor: number }): Promise<string> {
    const row = await db.paymentAttempt.create({
      data: { ...attempt, amountMinor: BigInt(attempt.amountMinor) },
      select: { id: true },
    });
    return row.id;
  }

  async resolveAttempt(db: Db, attemptId: string, status: 'approved' | 'declined' | 'reversed', response: object): Promise<void> {
    await db.paymentAttempt.update({
      where: { id: attemptId },
      data: { status, response: response as Prisma.InputJsonValue, resolvedAt: new Date() },
    });
  }

  async appendOutbox(db: Db, message: OutboxMessage): Promise<void> {
    await db.outboxEvent.create({
      data: {
        channel: message.channel,
        aggregateType: 'transaction',
        aggregateId: message.aggregateId,
        payload: message.payload as Prisma.InputJsonValue,
        headers: (message.headers ?? {}) as Prisma.InputJsonValue,
      },
    });
  }

  /**
   * Records a refund and counts its quantities as refunded, each only while the line still has
   * that many unrefunded (a conditional update). False when the refund exists or a line ran out.
   */
  async insertRefund(db: Db, refund: NewRefund): Promise<boolean> {
    const { count } = await db.refund.createMany({
      data: [{ id: refund.id, transactionId: refund.transactionId, reason: refund.reason, amountMinor: BigInt(refund.amountMinor) }],
      skipDuplicates: true,
    });
    if (count === 0) return false;
    await db.refundLine.createMany({
      data: refund.lines.map((l) => ({ refundId: refund.id, lineNo: l.lineNo, sku: l.sku, quantity: l.quantity, amountMinor: BigInt(l.amountMinor) })),
    });
    for (const line of refund.lines) {
      const updated = await db.$executeRaw`
        UPDATE transactions.transaction_lines SET refunded_quantity = refunded_quantity + ${line.quantity}
         WHERE transaction_id = ${refund.transactionId}::uuid AND line_no = ${line.lineNo}
           AND refunded_quantity + ${line.quantity} <= quantity`;
      if (updated !== 1) throw new RangeError(`Line ${line.lineNo} has fewer than ${line.quantity} units left to refund`);
    }
    return true;
  }

  /** Undoes a refund that could not be paid back: it no longer counts, and its rows are gone. */
  async removeRefund(db: Db, refundId: string): Promise<void> {
    const refund = await db.refund.findUnique({ where: { id: refundId }, include: { lines: true } });
    if (!refund) return;
    for (const line of refund.lines) {
      await db.transactionLine.update({
        where: { transactionId_lineNo: { transactionId: refund.transactionId, lineNo: line.lineNo } },
        data: { refundedQuantity: { decrement: line.quantity } },
      });
    }
    await db.refundLine.deleteMany({ where: { refundId } });
    await db.refund.delete({ where: { id: refundId } });
  }

  /** Whether the refund's event is already in the outbox (its booking committed). */
  async refundBooked(db: Db, refundId: string): Promise<boolean> {
    const rows = await db.$queryRaw<unknown[]>`
      SELECT 1 FROM platform.outbox WHERE channel = 'transactions.refunded' AND payload->>'refundId' = ${refundId} LIMIT 1`;
    return rows.length > 0;
  }

  /** Adds a refunded amount to a payment; fully refunded payments become `refunded`. */
  async addPaymentRefund(db: Db, paymentId: string, amountMinor: number): Promise<void> {
    await db.$executeRaw`
      UPDATE transactions.payments
         SET refunded_minor = refunded_minor + ${amountMinor},
             status = CASE WHEN refunded_minor + ${amountMinor} >= amount_minor THEN 'refunded'::transactions.payment_status ELSE status END,
             updated_at = now()
       WHERE id = ${paymentId}::uuid`;
  }

  async openCount(db: Db, terminalId: string): Promise<number> {
    return db.transaction.count({ where: { terminalId, status: { in: ['pending', 'reserved', 'completing'] } } });
  }

  /** Reserved transactions whose reservation ran out. */
  async findExpired(db: Db, now: Date, limit: number): Promise<string[]> {
    const rows = await db.transaction.findMany({
      where: { status: 'reserved', reservationExpiresAt: { lt: now } },
      select: { id: true },
      take: limit,
    });
    return rows.map((row) => row.id);
  }
}
