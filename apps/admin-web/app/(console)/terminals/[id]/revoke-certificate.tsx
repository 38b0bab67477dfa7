'use client';

import { terminals } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../../_console/console-context';
import { useAction } from '../../../_console/use-action';
import { Button } from '../../../_ui/button';
import { ErrorNote } from '../../../_ui/error-note';
import { TextField } from '../../../_ui/fields';

/** Revoke, then a reason (kept with the certificate) and a confirmation. */
export function RevokeCertificate({ terminalId, serialNumber, onRevoked }: { terminalId: string; serialNumber: string; onRevoked(): void }) {
  const { client } = useConsole();
  const action = useAction();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const short = serialNumber.slice(0, 8);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const path = `/admin/terminals/${encodeURIComponent(terminalId)}/certificates/${serialNumber}/revoke`;
    const answer = await action.run({ path, reason }, (idempotencyKey) =>
      client.post(path, { reason }, { idempotencyKey, schema: terminals.terminalCertificate }),
    );
    if (answer) onRevoked();
  }

  if (!open) {
    return (
      <Button tone="danger" aria-label={`Revoke certificate ${short}`} onClick={() => setOpen(true)}>
        Revoke
      </Button>
    );
  }
  return (
    <form onSubmit={submit} className="w-72 space-y-3">
      <TextField label={`Reason to revoke ${short}`} required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      {action.error && <ErrorNote error={action.error} />}
      <div className="flex gap-2">
        <Button type="submit" tone="danger" busy={action.busy}>
          Confirm revoke
        </Button>
        <Button onClick={() => setOpen(false)}>Cancel</Button>
      </div>
    </form>
  );
}
