'use client';

import { inventory } from '@tillwire/contracts';
import { useEffect, useState } from 'react';
import { useFormat } from '../../_console/console-context';
import { useApi } from '../../_console/use-api';
import { ErrorNote } from '../../_ui/error-note';
import { SelectField } from '../../_ui/fields';
import { useOlderPages } from '../../_ui/pager';
import { Section } from '../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';

const KINDS = [
  { value: 'receipt,adjust', label: 'Receipts and adjustments' },
  { value: '', label: 'Every movement' },
  ...inventory.movementKind.options.map((kind) => ({ value: kind, label: kind })),
];

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** The movements ledger, newest first, a page at a time: receipts with their reference, adjustments with their reason. */
export function MovementsSection({ changes }: { changes: number }) {
  const { dateTime } = useFormat();
  const [kind, setKind] = useState('receipt,adjust');
  const { cursor: before, pager, reset } = useOlderPages();
  const query = new URLSearchParams({ limit: '25', ...(kind ? { kind } : {}), ...(before ? { before } : {}) });
  const page = useApi(`/admin/stock/movements?${query.toString()}`, inventory.listMovementsResult);
  const { reload } = page;
  useEffect(() => {
    if (changes === 0) return;
    reset();
    reload();
  }, [changes, reload]);

  return (
    <Section title="Movements ledger">
      <div className="mb-5 flex flex-wrap items-end gap-4">
        <SelectField
          label="Movements shown"
          options={KINDS}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
            reset();
          }}
        />
      </div>
      {page.error && <ErrorNote error={page.error} title="Movements could not be loaded" />}
      <Table
        caption="Stock movements, newest first"
        head={
          <>
            <Th>When</Th>
            <Th>Kind</Th>
            <Th>SKU</Th>
            <Th className="text-right">On hand</Th>
            <Th className="text-right">Reserved</Th>
            <Th>Reference</Th>
            <Th>Reason</Th>
          </>
        }
      >
        {page.data?.movements.length === 0 && <EmptyRow columns={7}>No movements.</EmptyRow>}
        {page.data?.movements.map((m) => (
          <tr key={m.id}>
            <Td className="whitespace-nowrap">{dateTime(m.at)}</Td>
            <Td>{m.kind}</Td>
            <Td className="font-mono whitespace-nowrap">{m.sku}</Td>
            <Td className="text-right tabular-nums">{signed(m.onHandDelta)}</Td>
            <Td className="text-right tabular-nums">{signed(m.reservedDelta)}</Td>
            <Td className="font-mono text-sm break-all">{m.reference ?? '—'}</Td>
            <Td>{m.reason ?? '—'}</Td>
          </tr>
        ))}
      </Table>
      {pager(page.data?.nextCursor)}
    </Section>
  );
}
