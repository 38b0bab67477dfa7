import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { ShiftFigures } from '../domain/shift-report';

export type ShiftStatus = 'open' | 'closed';

export interface NewShift {
  id: string;
  terminalId: string;
  operatorId: string;
  openingFloatMinor: number;
}

export interface ShiftRecord {
  id: string;
  terminalId: string;
  operatorId: string;
  shiftNumber: number;
  status: ShiftStatus;
  openingFloatMinor: number;
  openedAt: Date;
  closedAt: Date | null;
  countedCashMinor: number | null;
  expectedCashMinor: number | null;
  /** The figures written at close (the Z report's); null while the shift is open. */
  closedFigures: ShiftFigures | null;
}

interface ShiftRow {
  id: string;
  terminal_id: string;
  operator_id: string;
  shift_number: number;
  status: ShiftStatus;
  opening_float_minor: bigint;
  opened_at: Date;
  closed_at: Date | null;
  counted_cash_minor: bigint | null;
  expected_cash_minor: bigint | null;
  cash_sales_minor: bigint | null;
  cash_refunds_minor: bigint | null;
  change_given_minor: bigint | null;
  card_sales_minor: bigint | null;
  points_sales_minor: bigint | null;
  transaction_count: number | null;
}

const money = (value: bigint | number): number => toSafeNumber(value, 'Amount');
const optionalMoney = (value: bigint | null): number | null => (value === null ? null : money(value));

function toRecord(row: ShiftRow): ShiftRecord {
  return {
    id: row.id,
    terminalId: row.terminal_id,
    operatorId: row.operator_id,
    shiftNumber: row.shift_number,
    status: row.status,
    openingFloatMinor: money(row.opening_float_minor),
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    countedCashMinor: optionalMoney(row.counted_cash_minor),
    expectedCashMinor: optionalMoney(row.expected_cash_minor),
    closedFigures:
      row.status === 'closed'
        ? {
            cashSalesMinor: money(row.cash_sales_minor ?? 0n),
            cashRefundsMinor: money(row.cash_refunds_minor ?? 0n),
            changeGivenMinor: money(row.change_given_minor ?? 0n),
            cardSalesMinor: money(row.card_sales_minor ?? 0n),
            pointsSalesMinor: money(row.points_sales_minor ?? 0n),
            transactions: row.transaction_count ?? 0,
          }
        : null,
  };
}

/** Statuses of a sale that was paid: refunded sales were paid in their shift too. */
const PAID = `('completed', 'partially_refunded', 'refunded')`;

/**
 * The running figures of a shift: the paid sales' payments (cash taken in is what was tendered, or
 * the amount when nothing was), and the cash the drawer paid back for refunds made in the shift.
 */
const FIGURES = `
  WITH paid AS (
    SELECT p.method, p.amount_minor, coalesce(p.tendered_minor, p.amount_minor) AS taken_minor, coalesce(p.change_minor, 0) AS change_minor
      FROM transactions.transactions t JOIN transactions.payments p ON p.transaction_id = t.id
     WHERE t.shift_id = $1 AND t.status IN ${PAID} AND p.status IN ('approved', 'refunded'))
  SELECT (SELECT count(*) FROM transactions.transactions t WHERE t.shift_id = $1 AND t.status IN ${PAID}) AS transactions,
         (SELECT coalesce(sum(taken_minor), 0) FROM paid WHERE method = 'cash')::bigint AS cash_sales,
         (SELECT coalesce(sum(change_minor), 0) FROM paid WHERE method = 'cash')::bigint AS change_given,
         (SELECT coalesce(sum(amount_minor), 0) FROM paid WHERE method = 'card')::bigint AS card_sales,
         (SELECT coalesce(sum(amount_minor), 0) FROM paid WHERE method = 'points')::bigint AS points_sales,
         (SELECT coalesce(sum(r.cash_minor), 0) FROM transactions.refunds r WHERE r.shift_id = $1)::bigint AS cash_refunds`;

/** The transactions schema's cashier shifts. */
export class ShiftsRepository {
  /**
   * Opens a shift with the terminal's next number. Undefined, writing nothing, when the terminal has
   * an open shift (the partial unique index decides between concurrent opens) or another open took
   * the number first.
   */
  async insertOpen(sql: SqlExecutor, shift: NewShift): Promise<ShiftRecord | undefined> {
    const [row] = await sql.query<ShiftRow>(
      `INSERT INTO transactions.shifts (id, terminal_id, operator_id, shift_number, opening_float_minor)
       SELECT $1::uuid, $2::varchar, $3::varchar, coalesce(max(shift_number), 0) + 1, $4::bigint
         FROM transactions.shifts WHERE terminal_id = $2::varchar
       ON CONFLICT DO NOTHING
       RETURNING *`,
      [shift.id, shift.terminalId, shift.operatorId, shift.openingFloatMinor],
    );
    return row && toRecord(row);
  }

  async find(sql: SqlExecutor, id: string): Promise<ShiftRecord | undefined> {
    const [row] = await sql.query<ShiftRow>('SELECT * FROM transactions.shifts WHERE id = $1', [id]);
    return row && toRecord(row);
  }

  async findOpen(sql: SqlExecutor, terminalId: string): Promise<ShiftRecord | undefined> {
    const [row] = await sql.query<ShiftRow>(`SELECT * FROM transactions.shifts WHERE terminal_id = $1 AND status = 'open'`, [terminalId]);
    return row && toRecord(row);
  }

  /**
   * The id of the terminal's open shift, locked against closing (FOR KEY SHARE: concurrent payments
   * share it) until `sql`'s transaction ends, so nothing lands in a shift that closes meanwhile.
   */
  async lockOpen(sql: SqlExecutor, terminalId: string): Promise<string | undefined> {
    const [row] = await sql.query<{ id: string }>(
      `SELECT id FROM transactions.shifts WHERE terminal_id = $1 AND status = 'open' FOR KEY SHARE`,
      [terminalId],
    );
    return row?.id;
  }

  /** The shift, locked for closing: waits for the payments and refunds that locked it with lockOpen. */
  async lockForClose(sql: SqlExecutor, terminalId: string, id: string): Promise<ShiftRecord | undefined> {
    const [row] = await sql.query<ShiftRow>('SELECT * FROM transactions.shifts WHERE id = $1 AND terminal_id = $2 FOR UPDATE', [
      id,
      terminalId,
    ]);
    return row && toRecord(row);
  }

  /** Sales of the shift whose payment is still being taken. */
  async completingCount(sql: SqlExecutor, id: string): Promise<number> {
    const [row] = await sql.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM transactions.transactions WHERE shift_id = $1 AND status = 'completing'`,
      [id],
    );
    return money(row!.n);
  }

  async figures(sql: SqlExecutor, id: string): Promise<ShiftFigures> {
    const [row] = await sql.query<{
      transactions: bigint;
      cash_sales: bigint;
      change_given: bigint;
      card_sales: bigint;
      points_sales: bigint;
      cash_refunds: bigint;
    }>(FIGURES, [id]);
    return {
      cashSalesMinor: money(row!.cash_sales),
      cashRefundsMinor: money(row!.cash_refunds),
      changeGivenMinor: money(row!.change_given),
      cardSalesMinor: money(row!.card_sales),
      pointsSalesMinor: money(row!.points_sales),
      transactions: money(row!.transactions),
    };
  }

  /** Closes an open shift with its final figures; undefined when it was not open. */
  async close(
    sql: SqlExecutor,
    id: string,
    close: { countedCashMinor: number; expectedCashMinor: number; figures: ShiftFigures },
  ): Promise<ShiftRecord | undefined> {
    const { countedCashMinor, expectedCashMinor, figures } = close;
    const [row] = await sql.query<ShiftRow>(
      `UPDATE transactions.shifts
          SET status = 'closed', closed_at = now(), counted_cash_minor = $2, expected_cash_minor = $3, cash_sales_minor = $4,
              cash_refunds_minor = $5, change_given_minor = $6, card_sales_minor = $7, points_sales_minor = $8, transaction_count = $9
        WHERE id = $1 AND status = 'open'
       RETURNING *`,
      [
        id,
        countedCashMinor,
        expectedCashMinor,
        figures.cashSalesMinor,
        figures.cashRefundsMinor,
        figures.changeGivenMinor,
        figures.cardSalesMinor,
        figures.pointsSalesMinor,
        figures.transactions,
      ],
    );
    return row && toRecord(row);
  }

  /** The terminal's shifts, newest first. */
  async list(sql: SqlExecutor, terminalId: string, status: ShiftStatus | undefined, limit: number): Promise<ShiftRecord[]> {
    const rows = await sql.query<ShiftRow>(
      `SELECT * FROM transactions.shifts WHERE terminal_id = $1 AND ($2::text IS NULL OR status::text = $2)
        ORDER BY shift_number DESC LIMIT $3`,
      [terminalId, status ?? null, limit],
    );
    return rows.map(toRecord);
  }
}
