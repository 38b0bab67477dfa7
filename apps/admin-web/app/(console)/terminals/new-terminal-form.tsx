'use client';

import { departments, terminals } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { useApi } from '../../_console/use-api';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { SelectField, TextField } from '../../_ui/fields';
import { Notice } from '../../_ui/page';

const VENDORS = terminals.terminal.shape.vendor.options.map((vendor) => ({ value: vendor, label: vendor }));
const EMPTY = { id: '', name: '', departmentCode: '', vendor: 'simulator' };

/** Registers a terminal bound to one department, chosen from the existing ones (required). */
export function NewTerminalForm({ onCreated }: { onCreated(): void }) {
  const { client } = useConsole();
  const list = useApi('/admin/departments', departments.listDepartmentsResult);
  const action = useAction();
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<terminals.Terminal | null>(null);
  const field = (name: keyof typeof EMPTY) => ({
    value: form[name],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }),
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const terminal = await action.run(form, (idempotencyKey) =>
      client.post('/admin/terminals', form, { idempotencyKey, schema: terminals.terminal }),
    );
    if (!terminal) return;
    setCreated(terminal);
    setForm(EMPTY);
    onCreated();
  }

  const options = (list.data?.departments ?? []).map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }));
  return (
    <form onSubmit={submit} className="grid max-w-3xl grid-cols-2 gap-5">
      <TextField label="Terminal ID" required maxLength={32} pattern="[A-Za-z0-9_\-]+" hint="Letters, digits, _ and -; the certificate's CN" {...field('id')} />
      <TextField label="Name" required maxLength={120} {...field('name')} />
      <SelectField label="Department" required options={options} placeholder="Choose a department" {...field('departmentCode')} />
      <SelectField label="Vendor" required options={VENDORS} {...field('vendor')} />
      <div className="col-span-2 space-y-4">
        {list.error && <ErrorNote error={list.error} title="Departments could not be loaded" />}
        {action.error && <ErrorNote error={action.error} title="The terminal was not created" />}
        {created && (
          <Notice>
            Terminal {created.name} ({created.id}) created in {created.departmentCode}.
          </Notice>
        )}
        <Button type="submit" tone="primary" busy={action.busy}>
          Create terminal
        </Button>
      </div>
    </form>
  );
}
