'use client';

import { terminals } from '@tillwire/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { z } from 'zod';
import { useConsole, useFormat } from '../../_console/console-context';
import { asApiError, type Loaded } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { Section } from '../../_ui/page';
import { Status } from '../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';

export const TERMINALS_TODAY = z.array(terminals.terminalWithToday);
type Row = terminals.TerminalWithToday;

const PATH = '/api/admin/pos/terminals';

/**
 * Every terminal with its status, last contact and today's sales inline. A row's Refresh recomputes
 * the figures and updates that row only; Refresh all updates every row.
 */
export function TerminalsTable({ loaded }: { loaded: Loaded<Row[]> }) {
  const { client } = useConsole();
  const { money, dateTime } = useFormat();
  const [refreshing, setRefreshing] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<Error | undefined>(undefined);

  async function refresh(id: string | 'all') {
    setRefreshing((current) => new Set(current).add(id));
    setError(undefined);
    try {
      const fresh = await client.get(`${PATH}?refresh=1`, TERMINALS_TODAY);
      const rows = loaded.data ?? [];
      loaded.set(id === 'all' ? fresh : rows.map((row) => (row.id === id ? (fresh.find((f) => f.id === id) ?? row) : row)));
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setRefreshing((current) => {
        const next = new Set(current);
        next.delete(id);
        return next;
      });
    }
  }

  return (
    <Section
      title="All terminals"
      actions={
        <Button tone="primary" busy={refreshing.has('all')} onClick={() => void refresh('all')}>
          Refresh all
        </Button>
      }
    >
      {(error ?? loaded.error) && <ErrorNote error={(error ?? loaded.error)!} title="Terminals could not be loaded" />}
      <Table
        caption="Terminals with their status and today's sales"
        head={
          <>
            <Th>Terminal</Th>
            <Th>Department</Th>
            <Th>Status</Th>
            <Th>Last seen</Th>
            <Th className="text-right">Sales today</Th>
            <Th className="text-right">Gross today</Th>
            <Th>Actions</Th>
          </>
        }
      >
        {loaded.data?.length === 0 && <EmptyRow columns={7}>No terminals are registered yet.</EmptyRow>}
        {!loaded.data && loaded.loading && <EmptyRow columns={7}>Loading terminals…</EmptyRow>}
        {loaded.data?.map((row) => (
          <tr key={row.id}>
            <Td>
              <Link href={`/terminals/${encodeURIComponent(row.id)}`} className="font-semibold text-sky-800 underline focus-visible:outline-4 focus-visible:outline-sky-500">
                {row.name}
              </Link>{' '}
              <span className="block font-mono text-sm text-slate-600">{row.id}</span>
            </Td>
            <Td>{row.departmentCode}</Td>
            <Td>
              <Status value={row.status} />
            </Td>
            <Td>{dateTime(row.lastSeenAt)}</Td>
            <Td className="text-right tabular-nums">{row.today.count}</Td>
            <Td className="text-right tabular-nums">{money(row.today.totalMinor)}</Td>
            <Td>
              <Button busy={refreshing.has(row.id)} aria-label={`Refresh ${row.name}`} onClick={() => void refresh(row.id)}>
                Refresh
              </Button>
            </Td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
