'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '../../_ui/button';
import { TextField } from '../../_ui/fields';
import { Section } from '../../_ui/page';

export interface Filters {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string;
  terminalId: string;
  /** datetime-local values, in this browser's time zone. */
  from: string;
  to: string;
}

export const EMPTY_FILTERS: Filters = { action: '', entityType: '', entityId: '', actorId: '', terminalId: '', from: '', to: '' };

/** The filters as `GET /admin/audit` reads them: instants in ISO with their offset, blanks left out. */
export function toQuery(filters: Filters, before: string | undefined): string {
  const query = new URLSearchParams({ limit: '50' });
  for (const name of ['action', 'entityType', 'entityId', 'actorId', 'terminalId'] as const) {
    if (filters[name].trim()) query.set(name, filters[name].trim());
  }
  if (filters.from) query.set('from', new Date(filters.from).toISOString());
  if (filters.to) query.set('to', new Date(filters.to).toISOString());
  if (before) query.set('before', before);
  return query.toString();
}

export function AuditFilters({ onApply }: { onApply(filters: Filters): void }) {
  const [draft, setDraft] = useState<Filters>(EMPTY_FILTERS);
  const field = (name: keyof Filters) => ({ value: draft[name], onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [name]: e.target.value }) });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <Section title="Filters">
      <form onSubmit={submit} role="search" className="grid grid-cols-3 gap-4">
        <TextField label="Action" placeholder="transaction. or terminal.create" hint="Ending in . matches every action under it" {...field('action')} />
        <TextField label="Entity type" placeholder="terminal" {...field('entityType')} />
        <TextField label="Entity ID" {...field('entityId')} />
        <TextField label="Actor ID" {...field('actorId')} />
        <TextField label="Terminal ID" {...field('terminalId')} />
        <div />
        <TextField label="From (local time)" type="datetime-local" {...field('from')} />
        <TextField label="To (local time)" type="datetime-local" {...field('to')} />
        <div className="flex items-end gap-3">
          <Button type="submit" tone="primary">
            Apply filters
          </Button>
          <Button
            onClick={() => {
              setDraft(EMPTY_FILTERS);
              onApply(EMPTY_FILTERS);
            }}
          >
            Clear
          </Button>
        </div>
      </form>
    </Section>
  );
}
