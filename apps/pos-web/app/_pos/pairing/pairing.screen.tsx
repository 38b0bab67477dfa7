'use client';
import type { auth } from '@tillwire/contracts';
import { terminals, type WebClient } from '@tillwire/contracts';
import { useState, type FormEvent } from 'react';
import { describeError } from '../error-messages';
import { passingClient } from '../platform.client';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { Notice } from '../ui/notice';
import type { PairedTerminal } from './pairing.store';
import { TerminalChoice } from './terminal-choice';

type Mode = 'admin' | 'supervisor';

/**
 * The first start of a screen: an administrator (password) or a supervisor (PIN, at a terminal of
 * their department) signs in and binds it to a terminal. The terminal decides the department.
 */
export function PairingScreen({ onPaired }: { onPaired: (terminal: PairedTerminal) => void }) {
  const [mode, setMode] = useState<Mode>('admin');
  const [signedIn, setSignedIn] = useState<{ client: WebClient; choices: terminals.Terminal[]; preselected?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = String(form.get('username') ?? '');
    const secret = String(form.get('secret') ?? '');
    const terminalId = String(form.get('terminalId') ?? '').trim();
    const request: auth.LoginRequest = mode === 'admin' ? { username, password: secret } : { username, pin: secret, terminalId };
    setBusy(true);
    setError(null);
    const client = passingClient();
    try {
      const { user } = await client.signIn(request);
      if (!user.roles.includes('admin') && !user.roles.includes('supervisor')) {
        await client.signOut();
        setError('Only an administrator or a supervisor can pair a screen.');
        return;
      }
      const { terminals: all } = await client.get('/admin/terminals', terminals.listTerminalsResult);
      // A supervisor pairs terminals of their own department only, as their PIN opens only those.
      const choices = user.departmentCode ? all.filter((t) => t.departmentCode === user.departmentCode) : all;
      setSignedIn({ client, choices, ...(user.terminalId ? { preselected: user.terminalId } : {}) });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function choose(terminal: terminals.Terminal) {
    await signedIn?.client.signOut();
    onPaired({ id: terminal.id, name: terminal.name, departmentCode: terminal.departmentCode });
  }

  if (signedIn) {
    return (
      <TerminalChoice
        choices={signedIn.choices}
        preselected={signedIn.preselected}
        onChoose={(terminal) => void choose(terminal)}
        onBack={() => {
          void signedIn.client.signOut();
          setSignedIn(null);
        }}
      />
    );
  }
  return (
    <section aria-labelledby="pairing-heading" className="mx-auto flex w-full max-w-xl flex-col gap-5 rounded-2xl bg-white p-8 shadow-sm">
      <h1 id="pairing-heading" className="text-3xl font-bold">
        Pair this screen with a terminal
      </h1>
      <p className="text-lg text-slate-700">
        An administrator or a supervisor signs in once and chooses the terminal this screen sells on. Its department comes with it.
      </p>
      <div role="group" aria-label="Who pairs the screen" className="grid grid-cols-2 gap-3">
        <Button variant={mode === 'admin' ? 'primary' : 'secondary'} aria-pressed={mode === 'admin'} onClick={() => setMode('admin')}>
          Administrator
        </Button>
        <Button variant={mode === 'supervisor' ? 'primary' : 'secondary'} aria-pressed={mode === 'supervisor'} onClick={() => setMode('supervisor')}>
          Supervisor
        </Button>
      </div>
      <form onSubmit={(event) => void signIn(event)} className="flex flex-col gap-4" key={mode}>
        <Field label="Username" name="username" autoComplete="username" required autoFocus />
        {mode === 'admin' ? (
          <Field label="Password" name="secret" type="password" autoComplete="current-password" required />
        ) : (
          <>
            <Field label="PIN" name="secret" type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4,8}" required />
            <Field
              label="Terminal ID"
              name="terminalId"
              required
              autoCapitalize="characters"
              hint="A terminal of your department, e.g. T1: your PIN opens only those."
            />
          </>
        )}
        {error ? <Notice tone="error">{error}</Notice> : null}
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in to pair'}
        </Button>
      </form>
    </section>
  );
}
