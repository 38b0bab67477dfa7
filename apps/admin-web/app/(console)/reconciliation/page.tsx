'use client';

import { reports } from '@tillwire/contracts';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useFormat } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { SelectField, TextField } from '../../_ui/fields';
import { PageHeader, Section } from '../../_ui/page';
import { useOlderPages } from '../../_ui/pager';
import { Status } from '../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';
import { ExportCsvButton } from './export-csv-button';
import { RunNowForm } from './run-now-form';

const STATUSES = reports.reconciliationStatus.options.map((s) => ({ value: s, label: s }));

function ReconciliationPage() {
  const { dateTime } = useFormat();
  const [filter, setFilter] = useState({ from: '', to: '', status: '' });
  const [draft, setDraft] = useState(filter);
  const { cursor, pager, reset } = useOlderPages();
  const query = new URLSearchParams({
    limit: '20',
    ...(filter.from && filter.to ? { from: filter.from, to: filter.to } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...(cursor ? { pageToken: cursor } : {}),
  });
  const runs = useApi(`/reports/reconciliations?${query.toString()}`, reports.reconciliationListView);

  function submit(event: FormEvent) {
    event.preventDefault();
    reset();
    setFilter(draft);
  }

  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Each business day, the transaction ledger against every terminal's totals, the stock movements and the department ledger."
      />
      <RunNowForm onRan={runs.reload} />
      <Section title="Runs by date">
        <form onSubmit={submit} role="search" className="mb-5 flex flex-wrap items-end gap-4">
          <TextField label="From date" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextField label="To date" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <SelectField label="Status" options={STATUSES} placeholder="Any status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })} />
          <Button type="submit" tone="primary">
            Show runs
          </Button>
        </form>
        {runs.error && <ErrorNote error={runs.error} title="Reconciliations could not be loaded" />}
        <Table
          caption="Reconciliations, newest business date first"
          head={
            <>
              <Th>Business date</Th>
              <Th>State</Th>
              <Th>Status</Th>
              <Th className="text-right">Lines ok / warn / fail</Th>
              <Th>Completed</Th>
              <Th>Export</Th>
            </>
          }
        >
          {runs.data?.reconciliations.length === 0 && <EmptyRow columns={6}>No reconciliation matches.</EmptyRow>}
          {runs.data?.reconciliations.map((run) => (
            <tr key={run.id}>
              <Td>
                <Link href={`/reconciliation/${run.businessDate}`} className="whitespace-nowrap font-semibold text-sky-800 underline focus-visible:outline-4 focus-visible:outline-sky-500">
                  {run.businessDate}
                </Link>
              </Td>
              <Td>
                <Status value={run.state} />
              </Td>
              <Td>{run.status ? <Status value={run.status} /> : '—'}</Td>
              <Td className="text-right tabular-nums">
                {run.okCount} / {run.warnCount} / {run.failCount}
              </Td>
              <Td>{run.completedAt ? dateTime(run.completedAt) : '—'}</Td>
              <Td>{run.state === 'completed' && <ExportCsvButton date={run.businessDate} />}</Td>
            </tr>
          ))}
        </Table>
        {pager(runs.data?.nextPageToken)}
      </Section>
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="reports.reconcile" title="Reconciliation">
      <ReconciliationPage />
    </RequirePermission>
  );
}
