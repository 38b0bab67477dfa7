'use client';

import { departments } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';
import { Notice } from '../../_ui/page';

export function NewDepartmentForm({ onCreated }: { onCreated(): void }) {
  const { client } = useConsole();
  const action = useAction();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setCreated(null);
    const body = { code: code.trim().toUpperCase(), name };
    const answer = await action.run(body, (idempotencyKey) => client.post('/admin/departments', body, { idempotencyKey, schema: departments.department }));
    if (!answer) return;
    setCreated(`${answer.name} (${answer.code})`);
    setCode('');
    setName('');
    onCreated();
  }

  return (
    <form onSubmit={submit} className="grid max-w-3xl grid-cols-2 gap-5">
      <TextField label="Department code" required maxLength={32} pattern="[A-Za-z0-9_\-]+" hint="Upper-case letters, digits, _ and -" value={code} onChange={(e) => setCode(e.target.value)} />
      <TextField label="Department name" required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
      <div className="col-span-2 space-y-4">
        {action.error && <ErrorNote error={action.error} title="The department was not created" />}
        {created && <Notice>Department {created} created.</Notice>}
        <Button type="submit" tone="primary" busy={action.busy}>
          Create department
        </Button>
      </div>
    </form>
  );
}
