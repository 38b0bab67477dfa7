'use client';

import { departments } from '@tillwire/contracts';
import { useParams } from 'next/navigation';
import { useConsole } from '../../../_console/console-context';
import { RequirePermission } from '../../../_console/require-permission';
import { useApi } from '../../../_console/use-api';
import { ErrorNote } from '../../../_ui/error-note';
import { PageHeader } from '../../../_ui/page';
import { PeriodSales } from '../period-sales';
import { ProductsSection } from './products-section';

function DepartmentPage({ code }: { code: string }) {
  const { can } = useConsole();
  const list = useApi('/admin/departments', departments.listDepartmentsResult);
  const department = list.data?.departments.find((d) => d.code === code);
  return (
    <>
      <PageHeader title={department ? `${department.name} (${code})` : `Department ${code}`} description="Its products, and what it sold." />
      {list.error && <ErrorNote error={list.error} title="The department could not be loaded" />}
      {list.data && !department && <p className="text-lg">There is no department {code}.</p>}
      {department && <ProductsSection departmentCode={code} />}
      {department && can('reports.reconcile') && <PeriodSales department={code} />}
    </>
  );
}

export default function Page() {
  const { code } = useParams<{ code: string }>();
  return (
    <RequirePermission permission="catalog.read" title="Departments">
      <DepartmentPage code={decodeURIComponent(code)} />
    </RequirePermission>
  );
}
