'use client';

import { useConsole } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { useApi } from '../../_console/use-api';
import { PageHeader, Section } from '../../_ui/page';
import { NewTerminalForm } from './new-terminal-form';
import { TERMINALS_TODAY, TerminalsTable } from './terminals-table';

function TerminalsPage() {
  const { can } = useConsole();
  const terminals = useApi('/api/admin/pos/terminals', TERMINALS_TODAY);
  return (
    <>
      <PageHeader title="Terminals" description="Every terminal's status and today's sales; open one for its certificates and event timeline." />
      <TerminalsTable loaded={terminals} />
      {can('catalog.manage') && (
        <Section title="New terminal">
          <NewTerminalForm onCreated={terminals.reload} />
        </Section>
      )}
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="catalog.read" title="Terminals">
      <TerminalsPage />
    </RequirePermission>
  );
}
