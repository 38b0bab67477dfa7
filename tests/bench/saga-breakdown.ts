import type pg from 'pg';
import type { Window } from './load-driver';

export interface Timing {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface SagaTiming extends Timing {
  readonly saga: string;
  /** Invoke steps in the order they ran. */
  readonly steps: ReadonlyArray<Timing & { readonly stepId: string }>;
}

const timing = (alias: string, ms: string) => `
  count(*)::int AS count,
  avg(${ms})::float8 AS "meanMs",
  percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms})::float8 AS "p50Ms",
  percentile_cont(0.99) WITHIN GROUP (ORDER BY ${ms})::float8 AS "p99Ms",
  ${alias}`;

/**
 * How long each saga and each of its steps took, from the saga tables, for the sagas completed
 * that started within `windows`. Step times run from `started_at` to `finished_at` as the driver
 * saw them (millisecond columns; averages over many sagas are still fine); a saga runs from its
 * row's creation to its last update. Skipped steps have no row.
 */
export async function readSagaTimings(pool: pg.Pool, windows: readonly Window[]): Promise<SagaTiming[]> {
  const window = 'i.status = \'completed\' AND i.created_at <@ ANY($1::tstzrange[])';
  const sagas = await pool.query<Timing & { saga: string }>(
    `SELECT ${timing('i.saga_name AS saga', 'extract(epoch FROM i.updated_at - i.created_at) * 1000')}
       FROM platform.saga_instances i
      WHERE ${window}
      GROUP BY i.saga_name
      ORDER BY i.saga_name DESC`,
    [windows],
  );
  const steps = await pool.query<Timing & { saga: string; stepId: string }>(
    `SELECT ${timing('i.saga_name AS saga, s.step_id AS "stepId"', 'extract(epoch FROM s.finished_at - s.started_at) * 1000')}
       FROM platform.saga_steps s
       JOIN platform.saga_instances i ON i.id = s.saga_id
      WHERE ${window} AND s.phase = 'invoke' AND s.status = 'succeeded'
      GROUP BY i.saga_name, s.step_id
      ORDER BY avg(s.started_at - i.created_at)`,
    [windows],
  );
  return sagas.rows.map((saga) => ({ ...saga, steps: steps.rows.filter((step) => step.saga === saga.saga) }));
}

/** Client-side means of the two requests of a checkout, to set against the sagas behind them. */
export interface RequestMeans {
  readonly createMs: number;
  readonly completeMs: number;
}

const SAGA_OF_REQUEST = { createMs: 'create-transaction', completeMs: 'complete-transaction' } as const;

/** Human-readable lines for stderr: per saga, its steps, the bookkeeping between them, and the time outside it. */
export function describeSagaTimings(sagas: readonly SagaTiming[], requests: RequestMeans): string[] {
  const ms = (value: number) => value.toFixed(1).padStart(7);
  const row = (label: string, t: Timing) => `    ${label.padEnd(26)}${ms(t.meanMs)}${ms(t.p50Ms)}${ms(t.p99Ms)}`;
  const lines = [`    ${''.padEnd(26)}${'mean'.padStart(7)}${'p50'.padStart(7)}${'p99'.padStart(7)}   (ms)`];
  for (const [request, name] of Object.entries(SAGA_OF_REQUEST) as Array<[keyof RequestMeans, string]>) {
    const saga = sagas.find((s) => s.saga === name);
    if (!saga) continue;
    const inSteps = saga.steps.reduce((sum, step) => sum + step.meanMs, 0);
    lines.push(`  ${name} (${saga.count} sagas; request ${requests[request].toFixed(1)} ms mean at the client)`);
    for (const step of saga.steps) lines.push(row(`step ${step.stepId}`, step));
    lines.push(`    ${'saga bookkeeping'.padEnd(26)}${ms(saga.meanMs - inSteps)}   (saga and step records, lease checks)`);
    lines.push(row('whole saga', saga));
    lines.push(
      `    ${'outside the saga'.padEnd(26)}${ms(requests[request] - saga.meanMs)}   (HTTP, API, idempotency key, broker hop, pre-saga reads)`,
    );
  }
  return lines;
}
