'use client';

import { createWebClient, permissions, type ApiError, type auth } from '@tillwire/contracts';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { z } from 'zod';
import { ErrorNote } from '../_ui/error-note';
import { ConsoleContext, type Console, type StoreDay } from './console-context';
import { ConsoleNav } from './console-nav';
import { browserSession } from './session-storage';

const storeDay = z.object({ date: z.string(), timeZone: z.string(), currency: z.string() });

/**
 * Every console page inside it: a signed-in session (else the sign-in page, returning here), the
 * store's day for formatting, the header and the menu of what the user's roles may use.
 */
export function ConsoleShell({ children }: { children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const client = useMemo(() => createWebClient({ storage: browserSession, onSignedOut: () => router.replace('/sign-in') }), [router]);
  const [user, setUser] = useState<auth.SessionUser | null>(null);
  const [store, setStore] = useState<StoreDay | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const session = client.session();
    if (!session) {
      router.replace(`/sign-in?next=${encodeURIComponent(pathname)}`);
      return;
    }
    setUser(session.user);
    client.get('/admin/store/today', storeDay).then(setStore, setError);
    // Read once when the console opens (pathname is only where to come back to): its pages share the session.
  }, [client, router]);

  const value = useMemo<Console | null>(
    () =>
      user && store
        ? {
            client,
            user,
            store,
            can: (permission) => permissions.allows(user.roles, permission),
            signOut: async () => {
              await client.signOut();
              router.replace('/sign-in');
            },
          }
        : null,
    [client, user, store, router],
  );

  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-16 shrink-0 items-center justify-between gap-4 bg-slate-900 px-6 text-white">
        <p className="text-2xl font-bold tracking-tight">Tillwire Admin</p>
        {value && (
          <div className="flex items-center gap-4">
            <p className="text-base">
              {value.user.displayName} <span className="text-slate-300">({value.user.roles.join(', ')})</span>
            </p>
            <button
              type="button"
              onClick={() => void value.signOut()}
              className="min-h-12 rounded-lg border border-slate-500 px-4 text-base font-medium hover:bg-slate-800 focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-sky-400"
            >
              Sign out
            </button>
          </div>
        )}
      </header>
      <div className="flex flex-1">
        {value && <ConsoleNav can={value.can} pathname={pathname} />}
        <main className="min-w-0 flex-1 p-8">
          {error ? (
            <ErrorNote error={error} title="The console could not load the store's day" />
          ) : value ? (
            <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>
          ) : (
            <p className="text-lg text-slate-600" role="status">
              Loading…
            </p>
          )}
        </main>
      </div>
    </div>
  );
}
