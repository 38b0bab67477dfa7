'use client';

import { deadLetters } from '@tillwire/contracts';
import { useState } from 'react';
import { useFormat } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { SelectField } from '../../_ui/fields';
import { PageHeader, Section } from '../../_ui/page';
import { Status } from '../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';
import { LetterActions } from './letter-actions';

const STATUSES = deadLetters.deadLetterStatus.options.map((s) => ({ value: s, label: s }));

function DeadLettersPage() {
  const { dateTime } = useFormat();
  const [status, setStatus] = useState('dead');
  const letters = useApi(`/admin/dlq?limit=100${status ? `&status=${status}` : ''}`, deadLetters.listDeadLettersResult);
  return (
    <>
      <PageHeader
        title="Dead letters"
        description="Channel messages whose every delivery failed. Replay sends one once more; discard keeps it with the reason it was given up."
      />
      <Section title="Dead-letter queue" actions={<Button busy={letters.loading} onClick={letters.reload}>Refresh letters</Button>}>
        <div className="mb-5 max-w-xs">
          <SelectField label="Letters shown" options={STATUSES} placeholder="Every status" value={status} onChange={(e) => setStatus(e.target.value)} />
        </div>
        {letters.error && <ErrorNote error={letters.error} title="Dead letters could not be loaded" />}
        <Table
          caption="Dead letters, newest first"
          head={
            <>
              <Th>Dead since</Th>
              <Th>Channel</Th>
              <Th>Last failure</Th>
              <Th>Status</Th>
              <Th>Actions</Th>
            </>
          }
        >
          {letters.data?.deadLetters.length === 0 && <EmptyRow columns={5}>No dead letters{status ? ` with status ${status}` : ''}.</EmptyRow>}
          {letters.data?.deadLetters.map((letter) => (
            <tr key={letter.id}>
              <Td className="whitespace-nowrap">{dateTime(letter.deadAt)}</Td>
              <Td className="font-mono text-sm">{letter.channel}</Td>
              <Td>
                <p>{letter.reason}</p>
                <details className="mt-1">
                  <summary className="cursor-pointer text-sm font-semibold text-sky-800">Message</summary>
                  <pre className="mt-1 max-w-md whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{JSON.stringify(letter.payload, null, 2)}</pre>
                </details>
              </Td>
              <Td>
                <Status value={letter.status} />
                <p className="mt-1 text-sm text-slate-700">{letter.attempts} deliveries</p>
                {letter.resolutionReason && <p className="mt-1 text-sm text-slate-700">{letter.resolutionReason}</p>}
              </Td>
              <Td>{letter.status === 'dead' && <LetterActions letter={letter} onResolved={letters.reload} />}</Td>
            </tr>
          ))}
        </Table>
      </Section>
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="dead-letters.manage" title="Dead letters">
      <DeadLettersPage />
    </RequirePermission>
  );
}
