'use client';

import { departments, inventory } from '@tillwire/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { SelectField, TextField } from '../../_ui/fields';
import { Section } from '../../_ui/page';
import { StatusBadge } from '../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';

/** Available at or below this is shown as low. */
const LOW_STOCK = 5;

/** Every product's on hand, reserved and available stock, by department or search. */
export function StockLevels({ changes }: { changes: number }) {
  const list = useApi('/admin/departments', departments.listDepartmentsResult);
  const [filter, setFilter] = useState({ department: '', q: '' });
  const [draft, setDraft] = useState(filter);
  const query = new URLSearchParams({ ...(filter.department ? { department: filter.department } : {}), ...(filter.q ? { q: filter.q } : {}) });
  const stock = useApi(`/admin/stock?${query.toString()}`, inventory.listStockResult);
  const { reload } = stock;
  useEffect(() => {
    if (changes > 0) reload();
  }, [changes, reload]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setFilter(draft);
  }

  const options = (list.data?.departments ?? []).map((d) => ({ value: d.code, label: d.name }));
  return (
    <Section title="Stock levels">
      <form onSubmit={submit} role="search" className="mb-5 flex flex-wrap items-end gap-4">
        <SelectField label="Department" options={options} placeholder="All departments" value={draft.department} onChange={(e) => setDraft({ ...draft, department: e.target.value })} />
        <TextField label="Search stock" type="search" placeholder="Name, SKU or barcode" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        <Button type="submit" tone="primary" busy={stock.loading}>
          Show stock
        </Button>
      </form>
      {stock.error && <ErrorNote error={stock.error} title="Stock could not be loaded" />}
      <Table
        tall
        caption="Stock levels at MAIN"
        head={
          <>
            <Th>SKU</Th>
            <Th>Product</Th>
            <Th>Department</Th>
            <Th className="text-right">On hand</Th>
            <Th className="text-right">Reserved</Th>
            <Th className="text-right">Available</Th>
          </>
        }
      >
        {stock.data?.levels.length === 0 && <EmptyRow columns={6}>No products match.</EmptyRow>}
        {stock.data?.levels.map((level) => (
          <tr key={level.sku}>
            <Td className="font-mono whitespace-nowrap">{level.sku}</Td>
            <Td>
              {level.name} {!level.active && <StatusBadge tone="neutral">inactive</StatusBadge>}
            </Td>
            <Td>{level.departmentCode}</Td>
            <Td className="text-right tabular-nums">{level.onHand}</Td>
            <Td className="text-right tabular-nums">{level.reserved}</Td>
            <Td className="text-right tabular-nums">
              {level.available <= LOW_STOCK && <StatusBadge tone={level.available <= 0 ? 'bad' : 'warn'}>{level.available <= 0 ? 'out' : 'low'}</StatusBadge>}{' '}
              {level.available}
            </Td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}
