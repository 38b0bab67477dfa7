import { columnsOf, toSafeNumber, type SqlExecutor } from '@tillwire/platform';
import type { Mismatch, ReconciliationLine, ReconciliationStatus } from '../domain/reconciliation';

export type ReconciliationState = 'running' | 'completed' | 'failed';

export interface ReconciliationHeader {
  id: string;
  businessDate: string;
  state: ReconciliationState;
  status: ReconciliationStatus | null;
  warnThresholdBp: number;
  failThresholdBp: number;
  currency: string;
  error: string | null;
  startedAt: Date;
  completedAt: Date | null;
}

export interface StoredReconciliation extends ReconciliationHeader {
  lines: ReconciliationLine[];
  mismatches: Mismatch[];
}

export interface ReconciliationListItem extends ReconciliationHeader {
  okCount: number;
  warnCount: number;
  failCount: number;
}

export interface ListFilter {
  fromDate: string | undefined;
  toDate: string | undefined;
  status: ReconciliationStatus | undefined;
  /** The business date to continue before (newest first). */
  before: string | undefined;
  limit: number;
}

const n = (value: bigint | number) => toSafeNumber(value, 'Amount');
const columns = (r = '') => `${r}id::text AS id, ${r}business_date::text AS "businessDate", ${r}state::text AS state, ${r}status::text AS status,
  ${r}warn_threshold_bp AS "warnThresholdBp", ${r}fail_threshold_bp AS "failThresholdBp", ${r}currency, ${r}error, ${r}started_at AS "startedAt",
  ${r}completed_at AS "completedAt"`;

/** Reconciliations, one per business date; a new run replaces the old one with its lines and mismatches (cascade). */
export class ReconciliationsRepository {
  /** The day as instants of the store's zone (DST-proof: PostgreSQL does the zone arithmetic). */
  async dayWindow(sql: SqlExecutor, businessDate: string, timeZone: string): Promise<{ from: string; to: string }> {
    const [row] = await sql.query<{ from: Date; to: Date }>(
      `SELECT ($1::date::timestamp AT TIME ZONE $2::text) AS "from", (($1::date + 1)::timestamp AT TIME ZONE $2::text) AS "to"`,
      [businessDate, timeZone],
    );
    return { from: new Date(row!.from).toISOString(), to: new Date(row!.to).toISOString() };
  }

  /** Claims a date for one run: only the caller that inserts the `running` row goes on (the schedule runs on one node). */
  async claim(sql: SqlExecutor, header: Pick<ReconciliationHeader, 'id' | 'businessDate' | 'warnThresholdBp' | 'failThresholdBp' | 'currency'>): Promise<boolean> {
    const rows = await sql.query(
      `INSERT INTO reports.reconciliations (id, business_date, state, warn_threshold_bp, fail_threshold_bp, currency)
       VALUES ($1, $2::date, 'running', $3, $4, $5) ON CONFLICT (business_date) DO NOTHING RETURNING id`,
      [header.id, header.businessDate, header.warnThresholdBp, header.failThresholdBp, header.currency],
    );
    return rows.length === 1;
  }

  /** Replaces the date's reconciliation (and with it its lines and mismatches); call inside a transaction. */
  async replace(tx: SqlExecutor, r: StoredReconciliation): Promise<void> {
    await tx.execute('DELETE FROM reports.reconciliations WHERE business_date = $1::date', [r.businessDate]);
    await tx.execute(
      `INSERT INTO reports.reconciliations (id, business_date, state, status, warn_threshold_bp, fail_threshold_bp, currency, error, started_at, completed_at)
       VALUES ($1, $2::date, $3::reports.reconciliation_state, $4::reports.reconciliation_status, $5, $6, $7, $8, $9, $10)`,
      [r.id, r.businessDate, r.state, r.status, r.warnThresholdBp, r.failThresholdBp, r.currency, r.error, r.startedAt, r.completedAt],
    );
    if (r.lines.length > 0) {
      await tx.execute(
        `INSERT INTO reports.reconciliation_lines (reconciliation_id, scope, key, department_code, expected_minor, reported_minor, variance_minor,
                                                   variance_bp, status, reason)
         SELECT $1, l.scope, l.key, l.department_code, l.expected, l.reported, l.variance, l.bp, l.status::reports.reconciliation_status, l.reason
           FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::text[])
                AS l(scope, key, department_code, expected, reported, variance, bp, status, reason)`,
        [
          r.id,
          ...columnsOf(r.lines, ['scope', 'key', 'departmentCode', 'expectedMinor', 'reportedMinor', 'varianceMinor', 'varianceBp', 'status', 'reason'] as const),
        ],
      );
    }
    if (r.mismatches.length > 0) {
      await tx.execute(
        `INSERT INTO reports.reconciliation_mismatches (reconciliation_id, kind, scope, key, transaction_id, reference, expected_minor, reported_minor)
         SELECT $1, m.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[])
                AS m(kind, scope, key, transaction_id, reference, expected, reported)`,
        [
          r.id,
          ...columnsOf(r.mismatches, ['kind', 'scope', 'key', 'transactionId', 'reference', 'expectedMinor', 'reportedMinor'] as const),
        ],
      );
    }
  }

  /** Records a run that stopped with an error, unless the date already has a reconciliation (a good one is kept). */
  async recordFailure(sql: SqlExecutor, header: ReconciliationHeader): Promise<void> {
    await sql.execute(
      `INSERT INTO reports.reconciliations (id, business_date, state, warn_threshold_bp, fail_threshold_bp, currency, error, started_at, completed_at)
       VALUES ($1, $2::date, 'failed', $3, $4, $5, $6, $7, $8)
       ON CONFLICT (business_date) DO UPDATE SET state = 'failed', error = EXCLUDED.error, completed_at = EXCLUDED.completed_at
        WHERE reports.reconciliations.state = 'running'`,
      [header.id, header.businessDate, header.warnThresholdBp, header.failThresholdBp, header.currency, header.error, header.startedAt, header.completedAt],
    );
  }

  /** By id (a uuid) or business date ("YYYY-MM-DD"). */
  async find(sql: SqlExecutor, ref: string): Promise<StoredReconciliation | undefined> {
    const byDate = /^\d{4}-\d{2}-\d{2}$/.test(ref);
    const [header] = await sql.query<ReconciliationHeader>(
      `SELECT ${columns()} FROM reports.reconciliations WHERE ${byDate ? 'business_date = $1::date' : 'id = $1::uuid'}`,
      [ref],
    );
    if (!header) return undefined;
    const [lines, mismatches] = await Promise.all([
      sql.query<{
        scope: 'terminal' | 'department';
        key: string;
        department_code: string;
        expected: bigint;
        reported: bigint;
        variance: bigint;
        bp: bigint | null;
        status: ReconciliationStatus;
        reason: string | null;
      }>(
        `SELECT scope, key, department_code, expected_minor AS expected, reported_minor AS reported, variance_minor AS variance,
                variance_bp AS bp, status::text, reason
           FROM reports.reconciliation_lines WHERE reconciliation_id = $1 ORDER BY scope DESC, key`,
        [header.id],
      ),
      sql.query<{
        kind: Mismatch['kind'];
        scope: Mismatch['scope'];
        key: string;
        transaction_id: string | null;
        reference: string | null;
        expected: bigint | null;
        reported: bigint | null;
      }>(
        `SELECT kind, scope, key, transaction_id, reference, expected_minor AS expected, reported_minor AS reported
           FROM reports.reconciliation_mismatches WHERE reconciliation_id = $1 ORDER BY id`,
        [header.id],
      ),
    ]);
    const ids = new Map<string, Set<string>>();
    for (const m of mismatches) {
      if (m.transaction_id === null) continue;
      const key = `${m.scope}/${m.key}`;
      ids.set(key, (ids.get(key) ?? new Set()).add(m.transaction_id));
    }
    return {
      ...header,
      lines: lines.map((l) => ({
        scope: l.scope,
        key: l.key,
        departmentCode: l.department_code,
        expectedMinor: n(l.expected),
        reportedMinor: n(l.reported),
        varianceMinor: n(l.variance),
        varianceBp: l.bp === null ? null : n(l.bp),
        status: l.status,
        reason: l.reason,
        mismatchingTransactionIds: [...(ids.get(`${l.scope}/${l.key}`) ?? [])].sort(),
      })),
      mismatches: mismatches.map((m) => ({
        kind: m.kind,
        scope: m.scope,
        key: m.key,
        transactionId: m.transaction_id,
        reference: m.reference,
        expectedMinor: m.expected === null ? null : n(m.expected),
        reportedMinor: m.reported === null ? null : n(m.reported),
      })),
    };
  }

  /** Newest business date first, with the count of lines per status. */
  async list(sql: SqlExecutor, filter: ListFilter): Promise<ReconciliationListItem[]> {
    const rows = await sql.query<ReconciliationHeader & { ok: bigint; warn: bigint; fail: bigint }>(
      `SELECT ${columns('r.')},
              count(*) FILTER (WHERE l.status = 'ok') AS ok, count(*) FILTER (WHERE l.status = 'warn') AS warn,
              count(*) FILTER (WHERE l.status = 'fail') AS fail
         FROM reports.reconciliations r LEFT JOIN reports.reconciliation_lines l ON l.reconciliation_id = r.id
        WHERE ($1::date IS NULL OR r.business_date >= $1::date) AND ($2::date IS NULL OR r.business_date <= $2::date)
          AND ($3::text IS NULL OR r.status::text = $3::text) AND ($4::date IS NULL OR r.business_date < $4::date)
        GROUP BY r.id ORDER BY r.business_date DESC LIMIT $5`,
      [filter.fromDate ?? null, filter.toDate ?? null, filter.status ?? null, filter.before ?? null, filter.limit],
    );
    return rows.map(({ ok, warn, fail, ...header }) => ({ ...header, okCount: n(ok), warnCount: n(warn), failCount: n(fail) }));
  }
}

export const reconciliationsRepository = new ReconciliationsRepository();
