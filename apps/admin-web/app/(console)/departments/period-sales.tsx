'use client';

import { reports } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { HorizontalBars } from '../../_charts/horizontal-bars';
import { useConsole, useFormat } from '../../_console/console-context';
import { shiftDate } from '../../_console/dates';
import { departmentSalesPath, totalsByDepartment } from '../../_console/sales';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';
import { Section } from '../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';

/** Sales of a period (the last 7 days by default) per department, or of one department: a chart and the figures. */
export function PeriodSales({ department }: { department?: string }) {
  const { store } = useConsole();
  const { money } = useFormat();
  const [range, setRange] = useState({ from: shiftDate(store.date, -6), to: store.date });
  const [draft, setDraft] = useState(range);
  const sales = useApi(departmentSalesPath(range.from, range.to, department), reports.departmentSalesView);
  const totals = [...totalsByDepartment(sales.data?.rows ?? [])].sort(([a], [b]) => a.localeCompare(b));

  function submit(event: FormEvent) {
    event.preventDefault();
    setRange(draft);
  }

  return (
    <Section title={department ? `Sales of ${department} in a period` : 'Sales by department in a period'}>
      <form onSubmit={submit} className="mb-6 flex flex-wrap items-end gap-4">
        <TextField label="From" type="date" required value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <TextField label="To" type="date" required value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        <Button type="submit" tone="primary" busy={sales.loading}>
          Show sales
        </Button>
      </form>
      {sales.error && <ErrorNote error={sales.error} title="Sales could not be loaded" />}
      <HorizontalBars
        title={`Net sales ${range.from} to ${range.to}`}
        bars={totals.map(([code, t]) => ({ label: code, value: t.netMinor }))}
        format={money}
      />
      <div className="mt-6">
        <Table
          caption={`Sales per department from ${range.from} to ${range.to}`}
          head={
            <>
              <Th>Department</Th>
              <Th className="text-right">Sales</Th>
              <Th className="text-right">Units sold</Th>
              <Th className="text-right">Gross</Th>
              <Th className="text-right">Refunded</Th>
              <Th className="text-right">Net</Th>
            </>
          }
        >
          {sales.data && totals.length === 0 && <EmptyRow columns={6}>No sales in this period.</EmptyRow>}
          {totals.map(([code, t]) => (
            <tr key={code}>
              <Td className="font-mono">{code}</Td>
              <Td className="text-right tabular-nums">{t.transactions}</Td>
              <Td className="text-right tabular-nums">{t.unitsSold}</Td>
              <Td className="text-right tabular-nums">{money(t.grossMinor)}</Td>
              <Td className="text-right tabular-nums">{money(t.refundedMinor)}</Td>
              <Td className="text-right tabular-nums">{money(t.netMinor)}</Td>
            </tr>
          ))}
        </Table>
      </div>
    </Section>
  );
}
