'use client';
import type { StoredSession } from '@tillwire/contracts';
import { useEffect, useMemo, useState } from 'react';
import { CheckoutScreen } from './checkout/checkout.screen';
import { loadPairing, savePairing, type PairedTerminal } from './pairing/pairing.store';
import { PairingScreen } from './pairing/pairing.screen';
import { operatorClient } from './platform.client';
import { RefundScreen } from './refund/refund.screen';
import { ScreenHeader } from './screen-header';
import { SignInScreen } from './sign-in.screen';
import { useTerminalFeed } from './terminal-status.hook';
import { Button } from './ui/button';
import { Notice } from './ui/notice';

/**
 * The checkout screen's whole life: paired to a terminal once, then operators sign in with their
 * PIN and sell or refund. The pairing and the session live in this browser's storage.
 */
export function PosApp() {
  const [ready, setReady] = useState(false);
  const [terminal, setTerminal] = useState<PairedTerminal | null>(null);
  const [session, setSession] = useState<StoredSession | null>(null);
  const [endedOnItsOwn, setEndedOnItsOwn] = useState(false);
  const [mode, setMode] = useState<'sell' | 'refund'>('sell');
  const client = useMemo(
    () =>
      operatorClient(() => {
        setSession(null);
        setEndedOnItsOwn(true);
      }),
    [],
  );

  // Storage exists only in the browser: read once mounted, so the server's page and the first render agree.
  useEffect(() => {
    setTerminal(loadPairing());
    setSession(client.session());
    setReady(true);
  }, [client]);

  // A session of another terminal (the screen was paired anew) is not this screen's.
  const bound = session && terminal && session.user.terminalId === terminal.id ? session : null;
  const feed = useTerminalFeed(client, terminal?.id ?? '', bound !== null);

  async function signOut() {
    await client.signOut();
    setSession(null);
    setMode('sell');
  }

  let content;
  if (!ready) content = <p className="m-auto text-xl">Starting…</p>;
  else if (!terminal) {
    content = (
      <PairingScreen
        onPaired={(paired) => {
          savePairing(paired);
          setTerminal(paired);
        }}
      />
    );
  } else if (!bound) {
    content = (
      <div className="m-auto flex w-full max-w-md flex-col gap-4">
        {endedOnItsOwn ? <Notice tone="info">Your session ended. Sign in again.</Notice> : null}
        <SignInScreen
          client={client}
          terminal={terminal}
          onSignedIn={() => {
            setEndedOnItsOwn(false);
            setSession(client.session());
          }}
          onUnpaired={() => {
            savePairing(null);
            setTerminal(null);
          }}
        />
      </div>
    );
  } else {
    // The sale stays as it was (reserved, even) while a refund is made in between.
    content = (
      <>
        {mode === 'refund' ? <RefundScreen client={client} onDone={() => setMode('sell')} /> : null}
        <div hidden={mode === 'refund'} className="min-h-0 flex-1">
          <CheckoutScreen client={client} terminal={terminal} session={bound} feed={feed} active={mode === 'sell'} />
        </div>
      </>
    );
  }

  return (
    <div className="mx-auto flex h-screen max-w-[1024px] flex-col print:h-auto">
      <ScreenHeader terminal={terminal} status={feed.status} live={feed.live}>
        {bound ? (
          <>
            <span className="max-w-40 truncate text-base" title={bound.user.displayName}>
              <span className="sr-only">Signed in: </span>
              {bound.user.displayName}
            </span>
            <nav aria-label="Till" className="flex gap-2">
              <Button
                className="min-h-12 text-base whitespace-nowrap"
                aria-pressed={mode === 'refund'}
                onClick={() => setMode(mode === 'refund' ? 'sell' : 'refund')}
              >
                {mode === 'refund' ? 'Sell' : 'Refund'}
              </Button>
              <Button className="min-h-12 text-base whitespace-nowrap" onClick={() => void signOut()}>
                Sign out
              </Button>
            </nav>
          </>
        ) : null}
      </ScreenHeader>
      <main className="flex min-h-0 flex-1 flex-col">{content}</main>
    </div>
  );
}
