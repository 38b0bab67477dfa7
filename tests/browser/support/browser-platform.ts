import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CLI, freePort, runTs, stop, waitFor, WORKSPACE_ROOT, type RunningProcess } from '../../support/processes';

export interface PasswordUser {
  readonly username: string;
  readonly password: string;
}
export interface PinUser {
  readonly username: string;
  readonly pin: string;
}

/** The demo users `npm start` created, with the secrets it printed once. */
export interface DemoUsers {
  readonly admin: PasswordUser;
  readonly finance: PasswordUser;
  operator(departmentCode: string): PinUser;
  supervisor(departmentCode: string): PinUser;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

export interface ApiRequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly token?: string;
}

/** The embedded platform as `npm start` runs it, with both web apps, on ports of its own. */
export interface BrowserPlatform {
  readonly apiUrl: string;
  readonly posUrl: string;
  readonly adminUrl: string;
  readonly users: DemoUsers;
  /** A call to the public API (POSTs get a fresh Idempotency-Key), for setting up and checking what a screen did. */
  api<T = Record<string, unknown>>(apiPath: string, options?: ApiRequestOptions): Promise<ApiAnswer<T>>;
  /** An access token: with a password, or with a PIN at `terminalId`. */
  signIn(username: string, secret: string, terminalId?: string): Promise<string>;
  stop(): Promise<void>;
}

const READY_MS = 180_000;

/**
 * Starts `npm start` (embedded: PGlite, every service, simulated terminals, pos-web and admin-web)
 * on free ports with a data directory of its own, and resolves once both apps answer. The apps
 * must have been built (`npm run build:apps`); a missing build would be built here, slowly.
 */
export async function startBrowserPlatform(env: Record<string, string> = {}): Promise<BrowserPlatform> {
  for (const app of ['pos-web', 'admin-web']) {
    if (!existsSync(path.join(WORKSPACE_ROOT, 'apps', app, '.next', 'BUILD_ID'))) {
      throw new Error(`apps/${app} is not built: run \`npm run build:apps\` before the browser tests`);
    }
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tillwire-browser-'));
  const [apiPort, posPort, adminPort] = [await freePort(), await freePort(), await freePort()];
  const platform = runTs(CLI, ['start'], {
    TILLWIRE_DATA_DIR: dataDir,
    API_PORT: String(apiPort),
    POS_WEB_PORT: String(posPort),
    ADMIN_WEB_PORT: String(adminPort),
    // A browser test signs in and sells far more often than a person does.
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_USER_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_IP_WRITES_PER_MINUTE: '100000',
    ...env,
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const posUrl = `http://127.0.0.1:${posPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  try {
    const answers = (url: string) => async () => ((await fetch(url)).ok ? true : undefined);
    for (const url of [`${apiUrl}/health`, posUrl, adminUrl]) await waitFor(answers(url), READY_MS, platform.output);
  } catch (error) {
    await stop(platform);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const users = demoUsers(platform);
  const api = async <T>(apiPath: string, options: ApiRequestOptions = {}): Promise<ApiAnswer<T>> => {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const response = await fetch(`${apiUrl}${apiPath}`, {
      method,
      headers: {
        ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(method === 'POST' ? { 'Idempotency-Key': randomUUID() } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    apiUrl,
    posUrl,
    adminUrl,
    users,
    api,
    async signIn(username, secret, terminalId) {
      const body = terminalId ? { username, pin: secret, terminalId } : { username, password: secret };
      const answer = await api<{ accessToken?: string }>('/auth/login', { body });
      if (answer.status !== 200 || !answer.body.accessToken) {
        throw new Error(`sign-in of ${username} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
      return answer.body.accessToken;
    },
    async stop() {
      await stop(platform);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads the secrets `npm start` printed for the demo users it created (see the runner's seed). */
function demoUsers(platform: RunningProcess): DemoUsers {
  const secrets = new Map<string, string>();
  for (const match of platform.output().matchAll(/^\[tillwire\]\s+(\S+)\s+[a-z,]+\s+(?:password|PIN) (\S+)/gm)) {
    secrets.set(match[1]!, match[2]!);
  }
  const secretOf = (username: string): string => {
    const secret = secrets.get(username);
    if (secret === undefined) throw new Error(`npm start printed no secret for the demo user ${username}:\n${platform.output()}`);
    return secret;
  };
  return {
    admin: { username: 'admin', password: secretOf('admin') },
    finance: { username: 'finance', password: secretOf('finance') },
    operator: (code) => ({ username: `operator-${code.toLowerCase()}`, pin: secretOf(`operator-${code.toLowerCase()}`) }),
    supervisor: (code) => ({ username: `supervisor-${code.toLowerCase()}`, pin: secretOf(`supervisor-${code.toLowerCase()}`) }),
  };
}
