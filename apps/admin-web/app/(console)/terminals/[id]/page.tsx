'use client';

import { terminals } from '@tillwire/contracts';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useConsole, useFormat } from '../../../_console/console-context';
import { RequirePermission } from '../../../_console/require-permission';
import { useApi } from '../../../_console/use-api';
import { ErrorNote } from '../../../_ui/error-note';
import { PageHeader, Section } from '../../../_ui/page';
import { Status } from '../../../_ui/status-badge';
import { CertificatesPanel } from './certificates-panel';
import { EditTerminalForm } from './edit-terminal-form';
import { EventTimeline } from './event-timeline';

function TerminalPage({ id }: { id: string }) {
  const { can } = useConsole();
  const { dateTime } = useFormat();
  const list = useApi('/admin/terminals', terminals.listTerminalsResult);
  const terminal = list.data?.terminals.find((t) => t.id === id);

  if (list.error) return <ErrorNote error={list.error} title="The terminal could not be loaded" />;
  if (!list.data) return <p role="status">Loading terminal…</p>;
  if (!terminal) {
    return (
      <>
        <PageHeader title={`Terminal ${id}`} />
        <p className="text-lg">
          There is no terminal {id}.{' '}
          <Link href="/terminals" className="text-sky-800 underline">
            Back to the terminals
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={terminal.name} description={`Terminal ${terminal.id}`} />
      <Section title="Details">
        <dl className="grid max-w-3xl grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-base">
          <dt className="font-semibold text-slate-700">Department</dt>
          <dd>{terminal.departmentCode}</dd>
          <dt className="font-semibold text-slate-700">Vendor</dt>
          <dd>{terminal.vendor}</dd>
          <dt className="font-semibold text-slate-700">Stock location</dt>
          <dd>{terminal.locationCode}</dd>
          <dt className="font-semibold text-slate-700">Status</dt>
          <dd>
            <Status value={terminal.status} />
          </dd>
          <dt className="font-semibold text-slate-700">Last seen</dt>
          <dd>{dateTime(terminal.lastSeenAt)}</dd>
        </dl>
        {can('catalog.manage') && <EditTerminalForm terminal={terminal} onSaved={list.reload} />}
      </Section>
      {can('terminals.certificates') && <CertificatesPanel terminalId={terminal.id} />}
      {can('pos.read') && <EventTimeline terminalId={terminal.id} />}
    </>
  );
}

export default function Page() {
  const { id } = useParams<{ id: string }>();
  return (
    <RequirePermission permission="catalog.read" title="Terminals">
      <TerminalPage id={decodeURIComponent(id)} />
    </RequirePermission>
  );
}
