'use client';
import { useState, type FormEvent } from 'react';
import { describeError } from '../error-messages';
import { passingClient } from '../platform.client';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import type { PairedTerminal } from './pairing.store';

/** Only an administrator may release a screen from its terminal. */
export function UnpairDialog({ terminal, onClose, onUnpaired }: { terminal: PairedTerminal; onClose: () => void; onUnpaired: () => void }) {
  const [error, setError] = useState<string | null>(null);

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const client = passingClient();
    try {
      const { user } = await client.signIn({ username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') });
      await client.signOut();
      if (!user.roles.includes('admin')) {
        setError('Only an administrator can unpair a screen.');
        return;
      }
      onUnpaired();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <Dialog title={`Unpair from ${terminal.name}`} onClose={onClose}>
      <form onSubmit={(event) => void confirm(event)} className="flex flex-col gap-4">
        <Field label="Administrator username" name="username" autoComplete="username" required autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        {error ? <Notice tone="error">{error}</Notice> : null}
        <div className="grid grid-cols-2 gap-3">
          <Button onClick={onClose}>Keep paired</Button>
          <Button type="submit" variant="danger">
            Unpair
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
