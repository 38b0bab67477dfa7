'use client';

import { departments, terminals } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../../_console/console-context';
import { useAction } from '../../../_console/use-action';
import { useApi } from '../../../_console/use-api';
import { Button } from '../../../_ui/button';
import { ErrorNote } from '../../../_ui/error-note';
import { SelectField, TextField } from '../../../_ui/fields';
import { Notice } from '../../../_ui/page';

/** Renames a terminal or moves it to another department (the API refuses while it has open sales). */
export function EditTerminalForm({ terminal, onSaved }: { terminal: terminals.Terminal; onSaved(): void }) {
  const { client } = useConsole();
  const list = useApi('/admin/departments', departments.listDepartmentsResult);
  const action = useAction();
  const [name, setName] = useState(terminal.name);
  const [departmentCode, setDepartmentCode] = useState(terminal.departmentCode);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const body = { name, departmentCode };
    const answer = await action.run(body, () =>
      client.put(`/admin/terminals/${encodeURIComponent(terminal.id)}`, body, { schema: terminals.terminal }),
    );
    if (!answer) return;
    setSaved(true);
    onSaved();
  }

  const options = (list.data?.departments ?? []).map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }));
  return (
    <form onSubmit={submit} className="mt-6 grid max-w-3xl grid-cols-2 gap-5 border-t border-slate-200 pt-6">
      <h3 className="col-span-2 text-lg font-semibold">Rename or move</h3>
      <TextField label="Terminal name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      <SelectField label="Terminal department" required options={options} value={departmentCode} onChange={(e) => setDepartmentCode(e.target.value)} />
      <div className="col-span-2 space-y-4">
        {action.error && <ErrorNote error={action.error} title="The terminal was not changed" />}
        {saved && <Notice>Saved.</Notice>}
        <Button type="submit" tone="primary" busy={action.busy}>
          Save terminal
        </Button>
      </div>
    </form>
  );
}
