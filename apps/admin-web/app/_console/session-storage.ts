import type { SessionStorage, StoredSession } from '@tillwire/contracts';

const KEY = 'tillwire.admin.session';

/** The console's sign-in, kept in this browser's local storage so every tab shares it. */
export const browserSession: SessionStorage = {
  load() {
    try {
      const raw = window.localStorage.getItem(KEY);
      return raw ? (JSON.parse(raw) as StoredSession) : null;
    } catch {
      return null;
    }
  },
  save(session) {
    if (session) window.localStorage.setItem(KEY, JSON.stringify(session));
    else window.localStorage.removeItem(KEY);
  },
};
