import { toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { departments } from '@tillwire/contracts';

/**
 * A store day's ledger entries summed per local hour and department (index ledger_entries(department_code,
 * created_at) serves the window); the day is today in `timeZone` when `date` is absent.
 */
export async function hourlySales(sql: SqlExecutor, timeZone: string, date: string | undefined): Promise<departments.SalesByHourResult> {
  const rows = await sql.query<{ date: string; hour: number | null; department_code: string | null; amount: bigint | null }>(
    `WITH day AS (SELECT COALESCE($2::date, (now() AT TIME ZONE $1)::date) AS d)
     SELECT day.d::text AS date, extract(hour FROM e.created_at AT TIME ZONE $1)::int AS hour, e.department_code,
            sum(e.amount_minor)::bigint AS amount
       FROM day
       LEFT JOIN departments.ledger_entries e
         ON e.created_at >= (day.d::timestamp AT TIME ZONE $1) AND e.created_at < ((day.d + 1)::timestamp AT TIME ZONE $1)
      GROUP BY day.d, 2, e.department_code
      ORDER BY 2, e.department_code`,
    [timeZone, date ?? null],
  );
  return {
    date: rows[0]?.date ?? date ?? '',
    timeZone,
    // A day without entries answers one row of its date and nulls.
    hours: rows.flatMap((r) =>
      r.hour === null || r.department_code === null || r.amount === null
        ? []
        : [{ hour: r.hour, departmentCode: r.department_code, amountMinor: toSafeNumber(r.amount, 'Hourly amount') }],
    ),
  };
}
