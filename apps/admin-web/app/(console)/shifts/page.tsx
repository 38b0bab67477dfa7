'use client';

import { shifts, terminals } from '@tillwire/contracts';
import { useState } from 'react';
import { useConsole, useFormat } from '../../_console/console-context';
import { RequirePermission } from '../../_console/require-permission';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { SelectField } from '../../_ui/fields';
import { PageHeader, Section } from '../../_ui/page';
import { Status } from '../../_ui/status-badge';
import { EmptyRow, Table, Td, Th } from '../../_ui/table';
import { ShiftReportPanel } from './shift-report-panel';

function ShiftsPage() {
  const { can } = useConsole();
  const { dateTime } = useFormat();
  const list = useApi(can('catalog.read') ? '/admin/terminals' : null, terminals.listTerminalsResult);
  const [terminalId, setTerminalId] = useState('');
  const [shiftId, setShiftId] = useState<string | null>(null);
  const history = useApi(terminalId ? `/pos/terminals/${encodeURIComponent(terminalId)}/shifts?limit=50` : null, shifts.listShiftsResult);
  const options = (list.data?.terminals ?? []).map((t) => ({ value: t.id, label: `${t.name} (${t.id})` }));

  return (
    <>
      <PageHeader title="Shifts" description="Cashier shifts per terminal: the X report of an open shift, the Z report of a closed one." />
      <Section title="Shifts of a terminal">
        {list.error && <ErrorNote error={list.error} title="Terminals could not be loaded" />}
        <div className="mb-5 max-w-md">
          <SelectField
            label="Terminal"
            options={options}
            placeholder="Choose a terminal"
            value={terminalId}
            onChange={(e) => {
              setTerminalId(e.target.value);
              setShiftId(null);
            }}
          />
        </div>
        {history.error && <ErrorNote error={history.error} title="Shifts could not be loaded" />}
        {terminalId && (
          <Table
            caption={`Shifts of terminal ${terminalId}, newest first`}
            head={
              <>
                <Th>Shift</Th>
                <Th>Operator</Th>
                <Th>Status</Th>
                <Th>Opened</Th>
                <Th>Closed</Th>
                <Th>Report</Th>
              </>
            }
          >
            {history.data?.shifts.length === 0 && <EmptyRow columns={6}>This terminal has had no shift.</EmptyRow>}
            {history.data?.shifts.map((shift) => (
              <tr key={shift.id}>
                <Td className="tabular-nums">#{shift.shiftNumber}</Td>
                <Td>{shift.operatorId}</Td>
                <Td>
                  <Status value={shift.status} />
                </Td>
                <Td>{dateTime(shift.openedAt)}</Td>
                <Td>{shift.closedAt ? dateTime(shift.closedAt) : '—'}</Td>
                <Td>
                  <Button aria-pressed={shiftId === shift.id} onClick={() => setShiftId(shift.id)}>
                    {shift.status === 'open' ? 'X report' : 'Z report'} #{shift.shiftNumber}
                  </Button>
                </Td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      {terminalId && shiftId && <ShiftReportPanel terminalId={terminalId} shiftId={shiftId} onClosed={history.reload} />}
    </>
  );
}

export default function Page() {
  return (
    <RequirePermission permission="pos.read" title="Shifts">
      <ShiftsPage />
    </RequirePermission>
  );
}
