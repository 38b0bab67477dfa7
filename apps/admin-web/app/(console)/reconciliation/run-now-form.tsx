'use client';

import { reports } from '@tillwire/contracts';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { CheckField, TextField } from '../../_ui/fields';
import { Section } from '../../_ui/page';
import { Status } from '../../_ui/status-badge';

/**
 * Reconciles a business day now (today by default). A day reconciled before answers as it was,
 * unless "run again" replaces it.
 */
export function RunNowForm({ onRan }: { onRan(): void }) {
  const { client, store } = useConsole();
  const action = useAction();
  const [date, setDate] = useState(store.date);
  const [rerun, setRerun] = useState(true);
  const [ran, setRan] = useState<reports.ReconciliationView | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setRan(null);
    const body = { date, rerun };
    const answer = await action.run(body, (idempotencyKey) =>
      client.post('/reports/reconciliations', body, { idempotencyKey, schema: reports.reconciliationView }),
    );
    if (!answer) return;
    setRan(answer);
    onRan();
  }

  return (
    <Section title="Run a reconciliation">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-5">
        <TextField label="Business date" type="date" required max={store.date} value={date} onChange={(e) => setDate(e.target.value)} />
        <CheckField label="Run again if it was run before" checked={rerun} onChange={(e) => setRerun(e.target.checked)} />
        <Button type="submit" tone="primary" busy={action.busy}>
          {action.busy ? 'Reconciling…' : 'Run now'}
        </Button>
      </form>
      <div className="mt-4" aria-live="polite">
        {action.error && <ErrorNote error={action.error} title="The reconciliation did not run" />}
        {ran && (
          <p role="status" className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 text-base">
            Reconciliation of {ran.businessDate}: <Status value={ran.state} /> {ran.status && <Status value={ran.status} />}
            <Link href={`/reconciliation/${ran.businessDate}`} className="font-semibold text-sky-800 underline">
              Open reconciliation of {ran.businessDate}
            </Link>
          </p>
        )}
      </div>
    </Section>
  );
}
