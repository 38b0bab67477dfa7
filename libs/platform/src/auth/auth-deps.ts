import type { Config } from '../config/config';
import type { SqlExecutor } from '../db/sql-executor';
import type { SigningKey } from './access-token';
import { RefreshTokenRepository } from './refresh-token.repository';
import { loadSigningKey } from './signing-key';
import { UserRepository } from './user.repository';

export type AuthSettings = Config['auth'];

/** What every identity use case runs on. */
export interface AuthDeps {
  readonly db: SqlExecutor;
  readonly key: SigningKey;
  readonly settings: AuthSettings;
  /** The clock tokens, lockouts and expiries are measured on; the system clock when absent. */
  readonly now?: () => Date;
  readonly users?: UserRepository;
  readonly refreshTokens?: RefreshTokenRepository;
}

/**
 * Where a terminal belongs: its department's code, or null for a terminal that is not registered.
 * The caller answers it (the HTTP edge asks the terminals service), so the library calls no service.
 */
export type TerminalDepartment = (terminalId: string) => Promise<string | null>;

export interface TerminalPorts {
  readonly terminalDepartment: TerminalDepartment;
}

export interface DepartmentPorts {
  readonly departmentExists: (code: string) => Promise<boolean>;
}

/** The node's identity dependencies: its database, config.auth, and the signing key (JWT_SECRET or the data directory's). */
export async function createAuthDeps(
  config: Pick<Config, 'auth' | 'secrets' | 'dataDir'>,
  db: SqlExecutor,
  logger: { info(message: string): void },
): Promise<AuthDeps> {
  const key = await loadSigningKey({ secret: config.secrets.jwtSecret, dataDir: config.dataDir, logger });
  return { db, key, settings: config.auth };
}

const defaultUsers = new UserRepository();
const defaultRefreshTokens = new RefreshTokenRepository();

/** The repositories and clock of `deps`, defaults filled in. */
export function resolved(deps: AuthDeps) {
  return {
    users: deps.users ?? defaultUsers,
    refreshTokens: deps.refreshTokens ?? defaultRefreshTokens,
    now: deps.now ?? (() => new Date()),
  };
}
