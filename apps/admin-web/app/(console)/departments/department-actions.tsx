'use client';

import { departments } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';

/** Rename in place, or delete (the API refuses while terminals or products still use it, and says how many). */
export function DepartmentActions({ department, onChanged }: { department: departments.Department; onChanged(): void }) {
  const { client } = useConsole();
  const action = useAction();
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const [name, setName] = useState(department.name);
  const path = `/admin/departments/${department.code}`;

  async function rename(event: FormEvent) {
    event.preventDefault();
    const body = { name };
    if (await action.run(body, () => client.put(path, body, { schema: departments.department }))) {
      setMode('idle');
      onChanged();
    }
  }

  async function remove() {
    if ((await action.run({ remove: path }, () => client.del(path).then(() => true))) === true) onChanged();
  }

  if (mode === 'rename') {
    return (
      <form onSubmit={rename} className="w-72 space-y-3">
        <TextField label={`New name of ${department.code}`} required maxLength={120} value={name} onChange={(e) => setName(e.target.value)} />
        {action.error && <ErrorNote error={action.error} />}
        <div className="flex gap-2">
          <Button type="submit" tone="primary" busy={action.busy}>
            Save name
          </Button>
          <Button onClick={() => setMode('idle')}>Cancel</Button>
        </div>
      </form>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Button aria-label={`Rename ${department.code}`} onClick={() => setMode('rename')}>
          Rename
        </Button>
        {mode === 'delete' ? (
          <>
            <Button tone="danger" busy={action.busy} onClick={() => void remove()}>
              Confirm delete {department.code}
            </Button>
            <Button onClick={() => setMode('idle')}>Keep it</Button>
          </>
        ) : (
          <Button tone="danger" aria-label={`Delete ${department.code}`} onClick={() => setMode('delete')}>
            Delete
          </Button>
        )}
      </div>
      {action.error && <ErrorNote error={action.error} title={`${department.code} was not changed`} />}
    </div>
  );
}
