import { createWebClient, type SessionStorage, type StoredSession, type WebClient } from '@tillwire/contracts';

const SESSION_KEY = 'tillwire.pos.session';

/** The operator's session survives a reload of the till, not a new pairing. */
const localSession: SessionStorage = {
  load() {
    const text = window.localStorage.getItem(SESSION_KEY);
    return text ? (JSON.parse(text) as StoredSession) : null;
  },
  save(session) {
    if (session) window.localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else window.localStorage.removeItem(SESSION_KEY);
  },
};

/** A session kept only as long as the object: the pairing administrator's and a supervisor's approval. */
export function memorySession(): SessionStorage {
  let session: StoredSession | null = null;
  return { load: () => session, save: (next) => void (session = next) };
}

/** The operator's client; `onSignedOut` tells the screen when the session ended on its own. */
export function operatorClient(onSignedOut: () => void): WebClient {
  return createWebClient({ storage: localSession, onSignedOut });
}

/** A client whose session lasts only while it is used (pairing, approvals), never the operator's. */
export function passingClient(): WebClient {
  return createWebClient({ storage: memorySession() });
}

/**
 * A supervisor's approval at this terminal: their PIN sign-in's access token, sent as
 * X-Approval-Token. The refresh token is revoked at once; the access token lapses on its own.
 */
export async function supervisorApproval(terminalId: string, username: string, pin: string): Promise<{ token: string; username: string }> {
  const client = passingClient();
  const answer = await client.signIn({ terminalId, username, pin });
  await client.signOut();
  return { token: answer.accessToken, username: answer.user.username };
}
