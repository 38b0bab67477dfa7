'use client';
import type { WebClient } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { describeError } from './error-messages';
import type { PairedTerminal } from './pairing/pairing.store';
import { UnpairDialog } from './pairing/unpair.dialog';
import { Button } from './ui/button';
import { Field } from './ui/field';
import { Notice } from './ui/notice';

/** Operators (and supervisors) sign in with their PIN at this screen's terminal. */
export function SignInScreen({
  client,
  terminal,
  onSignedIn,
  onUnpaired,
}: {
  client: WebClient;
  terminal: PairedTerminal;
  onSignedIn: () => void;
  onUnpaired: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [unpairing, setUnpairing] = useState(false);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await client.signIn({ terminalId: terminal.id, username: String(form.get('username') ?? ''), pin: String(form.get('pin') ?? '') });
      onSignedIn();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="sign-in-heading" className="mx-auto flex w-full max-w-md flex-col gap-5 rounded-2xl bg-white p-8 shadow-sm">
      <h1 id="sign-in-heading" className="text-3xl font-bold">
        Sign in to {terminal.name}
      </h1>
      <form onSubmit={(event) => void signIn(event)} className="flex flex-col gap-4">
        <Field label="Username" name="username" autoComplete="username" required autoFocus />
        <Field label="PIN" name="pin" type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4,8}" required />
        {error ? <Notice tone="error">{error}</Notice> : null}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
      <Button onClick={() => setUnpairing(true)}>Unpair this screen…</Button>
      {unpairing ? (
        <UnpairDialog
          terminal={terminal}
          onClose={() => setUnpairing(false)}
          onUnpaired={() => {
            setUnpairing(false);
            onUnpaired();
          }}
        />
      ) : null}
    </section>
  );
}
