'use client';

import { formatMoney, type auth, type permissions, type WebClient } from '@tillwire/contracts';
import { createContext, useContext } from 'react';

/** The store's day as the API answers it: its business date, time zone and currency. */
export interface StoreDay {
  readonly date: string;
  readonly timeZone: string;
  readonly currency: string;
}

export interface Console {
  readonly client: WebClient;
  readonly user: auth.SessionUser;
  readonly store: StoreDay;
  can(permission: permissions.Permission): boolean;
  signOut(): Promise<void>;
}

export const ConsoleContext = createContext<Console | null>(null);

/** The signed-in console; only pages inside the console shell call it. */
export function useConsole(): Console {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole outside the console shell');
  return value;
}

/** Amounts and instants as the store shows them: its currency, and `2026-11-22 14:05:09` in its time zone. */
export function useFormat() {
  const { store } = useConsole();
  // Swedish writes dates and times the ISO way, which reads the same to everyone.
  const instant = new Intl.DateTimeFormat('sv-SE', { timeZone: store.timeZone, dateStyle: 'short', timeStyle: 'medium' });
  return {
    money: (minor: number) => formatMoney(minor, store.currency),
    dateTime: (iso: string | null) => (iso === null ? 'never' : instant.format(new Date(iso))),
  };
}
