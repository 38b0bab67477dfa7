'use client';

import { createWebClient, type ApiError } from '@tillwire/contracts';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { browserSession } from '../_console/session-storage';
import { asApiError } from '../_console/use-api';
import { Button } from '../_ui/button';
import { ErrorNote } from '../_ui/error-note';
import { TextField } from '../_ui/fields';

/** Where to go after signing in: the page that sent the user here, if it is one of ours. */
function nextPage(): string {
  const next = new URLSearchParams(window.location.search).get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Username and password (admins, finance); operators and supervisors sign in at a till instead. */
export function SignInForm() {
  const router = useRouter();
  const client = useMemo(() => createWebClient({ storage: browserSession }), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (client.session()) router.replace(nextPage());
  }, [client, router]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await client.signIn({ username, password });
      router.replace(nextPage());
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="w-full max-w-md space-y-5 rounded-2xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-3xl font-bold tracking-tight">Sign in</h1>
      <p className="text-base text-slate-600">Administrators and finance sign in with their username and password.</p>
      <TextField label="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {error && <ErrorNote error={error} title={error.code === 'invalid_credentials' ? 'Wrong username or password' : 'Could not sign in'} />}
      <Button type="submit" tone="primary" busy={busy} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
