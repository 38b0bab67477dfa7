'use client';

import { departments, reports } from '@tillwire/contracts';
import { useConsole, useFormat } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { departmentSalesPath, noSales, totalsByDepartment } from '../../_console/sales';
import { useApi } from '../../_console/use-api';
import { ErrorNote } from '../../_ui/error-note';
import { PageHeader, Section } from '../../_ui/page';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';
import { DepartmentActions } from './department-actions';
import { NewDepartmentForm } from './new-department-form';
import { PeriodSales } from './period-sales';
import Link from 'next/link';

function DepartmentsPage() {
  const { can, store } = useConsole();
  const { money } = useFormat();
  const list = useApi('/admin/departments', departments.listDepartmentsResult);
  const sales = useApi(can('reports.reconcile') ? departmentSalesPath(store.date, store.date) : null, reports.departmentSalesView);
  const today = totalsByDepartment(sales.data?.rows ?? []);
  const showSales = can('reports.reconcile');
  const columns = showSales ? 5 : 3;
  return (
    <>
      <PageHeader title="Departments" description="Each department owns its products and its terminals; open one for its products and sales." />
      <Section title="All departments">
        {list.error && <ErrorNote error={list.error} title="Departments could not be loaded" />}
        {sales.error && <ErrorNote error={sales.error} title="Today's sales could not be loaded" />}
        {showSales && <p className="mb-4 text-sm text-slate-600">Today&apos;s sales come from the reports service, which refreshes its figures within a minute.</p>}
        <Table
          caption="Departments with today's sales"
          head={
            <>
              <Th>Department</Th>
              <Th>Name</Th>
              {showSales && <Th className="text-right">Sales today</Th>}
              {showSales && <Th className="text-right">Net today</Th>}
              <Th>Actions</Th>
            </>
          }
        >
          {list.data?.departments.length === 0 && <EmptyRow columns={columns}>No departments yet.</EmptyRow>}
          {list.data?.departments.map((department) => {
            const figures = today.get(department.code) ?? noSales;
            return (
              <tr key={department.code}>
                <Td>
                  <Link href={`/departments/${department.code}`} className="font-mono font-semibold text-sky-800 underline focus-visible:outline-4 focus-visible:outline-sky-500">
                    {department.code}
                  </Link>
                </Td>
                <Td>{department.name}</Td>
                {showSales && <Td className="text-right tabular-nums">{figures.transactions}</Td>}
                {showSales && <Td className="text-right tabular-nums">{money(figures.netMinor)}</Td>}
                <Td>{can('catalog.manage') ? <DepartmentActions department={department} onChanged={list.reload} /> : null}</Td>
              </tr>
            );
          })}
        </Table>
      </Section>
      {can('catalog.manage') && (
        <Section title="New department">
          <NewDepartmentForm onCreated={list.reload} />
        </Section>
      )}
      {showSales && <PeriodSales />}
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="catalog.read" title="Departments">
      <DepartmentsPage />
    </RequirePermission>
  );
}
