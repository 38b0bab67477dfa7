'use client';

import { reports } from '@tillwire/contracts';
import { useParams } from 'next/navigation';
import { useFormat } from '../../../_console/console-context';
import { RequirePermission } from '../../../_console/require-permission';
import { useApi } from '../../../_console/use-api';
import { ErrorNote } from '../../../_ui/error-note';
import { PageHeader, Section } from '../../../_ui/page';
import { Status } from '../../../_ui/status-badge';
import { ExportCsvButton } from '../export-csv-button';
import { LinesTable } from './lines-table';
import { MismatchesTable } from './mismatches-table';

function ReconciliationDay({ date }: { date: string }) {
  const { dateTime } = useFormat();
  const run = useApi(`/reports/reconciliations/${date}`, reports.reconciliationView);
  const r = run.data;
  return (
    <>
      <PageHeader title={`Reconciliation of ${date}`} actions={r && <ExportCsvButton date={date} />} />
      {run.error && <ErrorNote error={run.error} title={run.error.status === 404 ? `${date} was never reconciled` : 'The reconciliation could not be loaded'} />}
      {!r && !run.error && <p role="status">Loading…</p>}
      {r && (
        <>
          <Section title="Summary">
            <dl className="grid max-w-3xl grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-base">
              <dt className="font-semibold text-slate-700">State</dt>
              <dd>
                <Status value={r.state} />
              </dd>
              <dt className="font-semibold text-slate-700">Status</dt>
              <dd>{r.status ? <Status value={r.status} /> : '—'}</dd>
              <dt className="font-semibold text-slate-700">Thresholds</dt>
              <dd>
                warn above {r.warnThresholdBp / 100} %, fail above {r.failThresholdBp / 100} %
              </dd>
              <dt className="font-semibold text-slate-700">Started</dt>
              <dd>{dateTime(r.startedAt)}</dd>
              <dt className="font-semibold text-slate-700">Completed</dt>
              <dd>{r.completedAt ? dateTime(r.completedAt) : '—'}</dd>
              {r.error && (
                <>
                  <dt className="font-semibold text-slate-700">Error</dt>
                  <dd className="text-red-800">{r.error}</dd>
                </>
              )}
            </dl>
          </Section>
          <LinesTable title="Terminals" keyLabel="Terminal" lines={r.terminals} currency={r.currency} />
          <LinesTable title="Departments" keyLabel="Department" lines={r.departments} currency={r.currency} />
          <MismatchesTable mismatches={r.mismatches} currency={r.currency} />
        </>
      )}
    </>
  );
}

export default function Page() {
  const { date } = useParams<{ date: string }>();
  return (
    <RequirePermission permission="reports.reconcile" title="Reconciliation">
      <ReconciliationDay date={date} />
    </RequirePermission>
  );
}
