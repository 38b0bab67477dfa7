'use client';

import { audit } from '@tillwire/contracts';
import { useState } from 'react';
import { useFormat } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { TransactionLink } from '../../_console/transaction-link';
import { useApi } from '../../_console/use-api';
import { ErrorNote } from '../../_ui/error-note';
import { useOlderPages } from '../../_ui/pager';
import { PageHeader, Section } from '../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';
import { AuditFilters, EMPTY_FILTERS, toQuery, type Filters } from './audit-filters';

function Changes({ before, after }: { before: unknown; after: unknown }) {
  return (
    <details>
      <summary className="cursor-pointer text-sm font-semibold text-sky-800">Before and after</summary>
      {before !== null && before !== undefined && (
        <pre className="mt-1 max-w-sm whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">before {JSON.stringify(before, null, 1)}</pre>
      )}
      <pre className="mt-1 max-w-sm whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">after {JSON.stringify(after ?? null, null, 1)}</pre>
    </details>
  );
}

function AuditPage() {
  const { dateTime } = useFormat();
  const [filters, setFilters] = useState<Filters>(EMPTY_FILTERS);
  const { cursor, pager, reset } = useOlderPages();
  const query = toQuery(filters, cursor);
  const page = useApi(`/admin/audit?${query}`, audit.listAuditResult);
  return (
    <>
      <PageHeader title="Audit log" description="Every change made through the API: who, what, when, where, and the entity before and after. Newest first." />
      <AuditFilters
        onApply={(next) => {
          reset();
          setFilters(next);
        }}
      />
      <Section title="Entries">
        {page.error && <ErrorNote error={page.error} title="The audit log could not be loaded" />}
        <Table
          caption="Audit entries, newest first"
          head={
            <>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>Action</Th>
              <Th>Entity</Th>
              <Th>Where</Th>
              <Th>Changes</Th>
            </>
          }
        >
          {page.data?.entries.length === 0 && <EmptyRow columns={6}>No entries match.</EmptyRow>}
          {page.data?.entries.map((entry) => (
            <tr key={entry.id}>
              <Td>{dateTime(entry.at)}</Td>
              <Td>{entry.actor ? <span title={entry.actor.id}>{entry.actor.role}</span> : 'platform'}</Td>
              <Td className="font-mono text-sm">{entry.action}</Td>
              <Td className="text-sm">
                {entry.entityType}{' '}
                {entry.entityType === 'transaction' ? (
                  <span className="block">
                    <TransactionLink id={entry.entityId} />
                  </span>
                ) : (
                  <span className="block font-mono break-all">{entry.entityId}</span>
                )}
              </Td>
              <Td className="text-sm">
                {entry.terminalId ?? '—'}
                {entry.ip && <span className="block font-mono">{entry.ip}</span>}
              </Td>
              <Td>
                <Changes before={entry.before} after={entry.after} />
              </Td>
            </tr>
          ))}
        </Table>
        {pager(page.data?.nextCursor)}
      </Section>
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="audit.read" title="Audit log">
      <AuditPage />
    </RequirePermission>
  );
}
