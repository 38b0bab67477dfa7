'use client';

import { departments, reports } from '@tillwire/contracts';
import { useState } from 'react';
import { HorizontalBars } from '../_charts/horizontal-bars';
import { StackedColumns } from '../_charts/stacked-columns';
import { useConsole, useFormat } from '../_console/console-context';
import { RequirePermission } from '../_console/require-permission';
import { departmentSalesPath, totalsByDepartment } from '../_console/sales';
import { useApi } from '../_console/use-api';
import { ErrorNote } from '../_ui/error-note';
import { TextField } from '../_ui/fields';
import { PageHeader, Section } from '../_ui/page';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** A store day at a glance: what each department sold, and when in the day. */
function OverviewPage() {
  const { store } = useConsole();
  const { money } = useFormat();
  const [date, setDate] = useState(store.date);
  const byHour = useApi(`/reports/sales-by-hour?date=${date}`, departments.salesByHourResult);
  const sales = useApi(departmentSalesPath(date, date), reports.departmentSalesView);
  const totals = [...totalsByDepartment(sales.data?.rows ?? [])].sort(([a], [b]) => a.localeCompare(b));
  const series = [...new Set((byHour.data?.hours ?? []).filter((h) => h.amountMinor > 0).map((h) => h.departmentCode))].sort();
  const columns = HOURS.map((hour) => ({
    label: String(hour).padStart(2, '0'),
    values: Object.fromEntries((byHour.data?.hours ?? []).filter((h) => h.hour === hour).map((h) => [h.departmentCode, h.amountMinor])),
  }));
  const day = totals.reduce((sum, [, t]) => ({ count: sum.count + t.transactions, net: sum.net + t.netMinor }), { count: 0, net: 0 });

  return (
    <>
      <PageHeader
        title="Overview"
        description={`The store's day in ${store.timeZone}.`}
        actions={<TextField label="Business date" type="date" required max={store.date} value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />}
      />
      <Section title={`Sales on ${date}`}>
        <p className="mb-6 text-2xl font-semibold">
          {day.count} sales · {money(day.net)} net
        </p>
        <p className="mb-4 text-sm text-slate-600">From the reports service, which refreshes its figures within a minute.</p>
        {sales.error && <ErrorNote error={sales.error} title="Sales could not be loaded" />}
        <HorizontalBars title="Net sales by department" bars={totals.map(([code, t]) => ({ label: code, value: t.netMinor }))} format={money} />
      </Section>
      <Section title="Sales by hour">
        {byHour.error && <ErrorNote error={byHour.error} title="Hourly sales could not be loaded" />}
        <StackedColumns title={`Department ledger by hour on ${date} (${store.timeZone})`} columns={columns} series={series} format={money} />
        <p className="mt-3 text-sm text-slate-600">Sales count in the hour they were rung up, less cancelled checkouts and refunds made in that hour.</p>
      </Section>
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="reports.reconcile" title="Overview">
      <OverviewPage />
    </RequirePermission>
  );
}
