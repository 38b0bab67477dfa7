'use client';

import { deadLetters } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { useConsole } from '../../_console/console-context';
import { useAction } from '../../_console/use-action';
import { Button } from '../../_ui/button';
import { ErrorNote } from '../../_ui/error-note';
import { TextField } from '../../_ui/fields';

/** Replay a dead letter once more, or discard it with a reason. */
export function LetterActions({ letter, onResolved }: { letter: deadLetters.DeadLetter; onResolved(): void }) {
  const { client } = useConsole();
  const action = useAction();
  const [discarding, setDiscarding] = useState(false);
  const [reason, setReason] = useState('');
  const short = letter.id.slice(0, 8);
  const path = `/admin/dlq/${letter.id}`;

  async function replay() {
    const answer = await action.run({ replay: letter.id }, (idempotencyKey) =>
      client.post(`${path}/replay`, {}, { idempotencyKey, schema: deadLetters.deadLetter }),
    );
    if (answer) onResolved();
  }

  async function discard(event: FormEvent) {
    event.preventDefault();
    const body = { reason };
    const answer = await action.run({ discard: letter.id, ...body }, (idempotencyKey) =>
      client.post(`${path}/discard`, body, { idempotencyKey, schema: deadLetters.deadLetter }),
    );
    if (answer) onResolved();
  }

  return (
    <div className="space-y-3">
      {discarding ? (
        <form onSubmit={discard} className="space-y-3">
          <TextField label={`Why discard ${short}`} required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="flex gap-2">
            <Button type="submit" tone="danger" busy={action.busy}>
              Confirm discard
            </Button>
            <Button onClick={() => setDiscarding(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <div className="flex flex-col gap-2">
          <Button tone="primary" busy={action.busy} aria-label={`Replay ${short}`} onClick={() => void replay()}>
            Replay
          </Button>
          <Button tone="danger" aria-label={`Discard ${short}`} onClick={() => setDiscarding(true)}>
            Discard
          </Button>
        </div>
      )}
      {action.error && <ErrorNote error={action.error} title="The letter was not changed" />}
    </div>
  );
}
