'use client';

import { inventory } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';
import { Notice, Section } from '../../_ui/page';

const LOCATION = 'MAIN';

/** A delivery received into the store, with the supplier's reference. */
function ReceiveForm({ onChanged }: { onChanged(): void }) {
  const { client } = useConsole();
  const action = useAction();
  const [form, setForm] = useState({ sku: '', quantity: '', reference: '' });
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      locationCode: LOCATION,
      lines: [{ sku: form.sku.trim(), quantity: Number(form.quantity) }],
      ...(form.reference.trim() ? { reference: form.reference.trim() } : {}),
    };
    const answer = await action.run(body, (idempotencyKey) => client.post('/inventory/receipts', body, { idempotencyKey, schema: inventory.receiveResult }));
    if (!answer) return;
    setDone(`Received ${form.quantity} × ${form.sku}; on hand now ${answer.levels[0]?.onHand ?? '?'}.`);
    setForm({ sku: '', quantity: '', reference: '' });
    onChanged();
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Receive stock">
      <h3 className="text-lg font-semibold">Receive stock</h3>
      <TextField label="Received SKU" required maxLength={64} value={form.sku} onChange={(e) => setForm({ ...form, sku: e.target.value })} />
      <TextField label="Quantity received" type="number" required min={1} max={10000} value={form.quantity} onChange={(e) => setForm({ ...form, quantity: e.target.value })} />
      <TextField label="Reference" maxLength={64} hint="Delivery note or purchase order" value={form.reference} onChange={(e) => setForm({ ...form, reference: e.target.value })} />
      {action.error && <ErrorNote error={action.error} title="Nothing was received" />}
      {done && <Notice>{done}</Notice>}
      <Button type="submit" tone="primary" busy={action.busy}>
        Receive
      </Button>
    </form>
  );
}

/** A correction of on-hand stock (breakage, a count) with the reason it was made. */
function AdjustForm({ onChanged }: { onChanged(): void }) {
  const { client } = useConsole();
  const action = useAction();
  const [form, setForm] = useState({ sku: '', delta: '', reason: '' });
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { locationCode: LOCATION, sku: form.sku.trim(), delta: Number(form.delta), reason: form.reason };
    const answer = await action.run(body, (idempotencyKey) => client.post('/inventory/adjustments', body, { idempotencyKey, schema: inventory.adjustResult }));
    if (!answer) return;
    setDone(`Adjusted ${answer.level.sku} by ${form.delta}; on hand now ${answer.level.onHand}.`);
    setForm({ sku: '', delta: '', reason: '' });
    onChanged();
  }

  return (
    <form onSubmit={submit} className="space-y-4" aria-label="Adjust stock">
      <h3 className="text-lg font-semibold">Adjust stock</h3>
      <TextField label="Adjusted SKU" required maxLength={64} value={form.sku} onChange={(e) => setForm({ ...form, sku: e.target.value })} />
      <TextField label="Change" type="number" required min={-100000} max={100000} hint="Negative takes stock off, positive adds it" value={form.delta} onChange={(e) => setForm({ ...form, delta: e.target.value })} />
      <TextField label="Reason" required maxLength={500} value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />
      {action.error && <ErrorNote error={action.error} title="Nothing was adjusted" />}
      {done && <Notice>{done}</Notice>}
      <Button type="submit" tone="primary" busy={action.busy}>
        Adjust
      </Button>
    </form>
  );
}

export function StockChangeForms({ onChanged }: { onChanged(): void }) {
  return (
    <Section title="Receipts and adjustments">
      <div className="grid grid-cols-2 gap-8">
        <ReceiveForm onChanged={onChanged} />
        <AdjustForm onChanged={onChanged} />
      </div>
    </Section>
  );
}
