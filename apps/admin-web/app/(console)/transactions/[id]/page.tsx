'use client';

import { formatMoney, transactions } from '@tillwire/contracts';
import { useParams } from 'next/navigation';
import { useMemo } from 'react';
import { useFormat } from '../../../_console/console-context';
import { RequirePermission } from '../../../_console/require-permission';
import { useApi } from '../../../_console/use-api';
import { Button } from '../../../_ui/button';
import { ErrorNote } from '../../../_ui/error-note';
import { PageHeader, Section } from '../../../_ui/page';
import { Status } from '../../../_ui/status-badge';
import { duration, TraceWaterfall } from './trace-waterfall';

function Summary({ id }: { id: string }) {
  const { dateTime } = useFormat();
  const loaded = useApi(`/pos/transactions/${id}`, transactions.transactionView);
  const t = loaded.data;
  return (
    <Section title="Summary">
      {loaded.error && <ErrorNote error={loaded.error} title={loaded.error.status === 404 ? 'No transaction has this ID' : 'The transaction could not be loaded'} />}
      {!t && !loaded.error && <p role="status">Loading…</p>}
      {t && (
        <dl className="grid max-w-3xl grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-base">
          <dt className="font-semibold text-slate-700">ID</dt>
          <dd className="font-mono break-all">{t.id}</dd>
          <dt className="font-semibold text-slate-700">Receipt</dt>
          <dd className="tabular-nums">{t.receiptNumber}</dd>
          <dt className="font-semibold text-slate-700">Terminal</dt>
          <dd>
            {t.terminalId} · {t.departmentCode}
          </dd>
          <dt className="font-semibold text-slate-700">Status</dt>
          <dd>
            <Status value={t.status} />
          </dd>
          <dt className="font-semibold text-slate-700">Total</dt>
          <dd className="tabular-nums">{formatMoney(t.totals.totalMinor, t.currency)}</dd>
          <dt className="font-semibold text-slate-700">Payments</dt>
          <dd>{t.payments.length === 0 ? 'none' : t.payments.map((p) => `${p.method} ${formatMoney(p.amountMinor, t.currency)} (${p.status})`).join(', ')}</dd>
          <dt className="font-semibold text-slate-700">Last change</dt>
          <dd>{dateTime(t.statusHistory.at(-1)?.at ?? null)}</dd>
        </dl>
      )}
    </Section>
  );
}

function Trace({ id }: { id: string }) {
  const { dateTime } = useFormat();
  const traced = useApi(`/admin/transactions/${id}/trace`, transactions.transactionTrace);
  const trace = traced.data;
  const drawn = useMemo(() => transactions.waterfalls(trace?.spans ?? []), [trace]);
  return (
    <Section
      title="Trace"
      actions={
        <Button busy={traced.loading} onClick={traced.reload}>
          Refresh trace
        </Button>
      }
    >
      {traced.error && <ErrorNote error={traced.error} title="The trace could not be loaded" />}
      {!trace && !traced.error && <p role="status">Loading…</p>}
      {trace?.store === 'otlp' && (
        <p className="text-lg">
          Spans go to the tracing backend, so none are kept here.{' '}
          {trace.link ? (
            <a href={trace.link} target="_blank" rel="noreferrer" className="font-semibold text-sky-800 underline focus-visible:outline-4 focus-visible:outline-sky-500">
              Open this transaction&apos;s traces in the tracing backend
            </a>
          ) : (
            <>
              Set <code className="font-mono">TRACE_VIEW_URL_TEMPLATE</code> to link to them from here.
            </>
          )}
        </p>
      )}
      {trace?.store === 'memory' && trace.spans.length === 0 && (
        <p className="text-lg">No span of this transaction is kept any more: each process keeps only its most recent spans (TRACE_RING_SIZE).</p>
      )}
      {trace && trace.missingNodes.length > 0 && (
        <p className="mb-4 rounded-lg border border-amber-200 bg-amber-50 p-4 text-base text-amber-900">
          Not shown: the spans of {trace.missingNodes.join(', ')}, which did not answer in time.
        </p>
      )}
      {drawn.map((waterfall) => (
        <div key={waterfall.traceId} className="mb-8 last:mb-0">
          <h3 className="text-lg font-semibold text-slate-900">
            {waterfall.rows[0]?.span.name} · {duration(waterfall.durationMs)}
          </h3>
          <p className="mb-3 text-sm text-slate-600">
            Trace <span className="font-mono">{waterfall.traceId}</span> · started {dateTime(new Date(waterfall.startMs).toISOString())} ·{' '}
            {waterfall.rows.length} spans
          </p>
          <TraceWaterfall waterfall={waterfall} />
        </div>
      ))}
    </Section>
  );
}

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return (
    <RequirePermission permission="traces.read" title="Transactions">
      <PageHeader title={`Transaction ${id.slice(0, 8)}`} description="What the transaction recorded, and the trace of every request that changed it." />
      <Summary id={id} />
      <Trace id={id} />
    </RequirePermission>
  );
}
