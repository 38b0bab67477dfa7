import type { Config } from '../config/config';
import type { SqlExecutor } from '../db/sql-executor';
import type { AuthDeps } from './auth-deps';
import type { SigningKey } from './access-token';

/** The identity use cases on a test database, with the default settings but `settings`, on the test's clock. */
export function testAuthDeps(db: SqlExecutor, key: SigningKey, now: () => Date, settings: Partial<Config['auth']> = {}): AuthDeps {
  return {
    db,
    key,
    settings: { accessTokenSeconds: 900, refreshTokenSeconds: 43_200, maxFailedAttempts: 5, lockoutSeconds: 900, ...settings },
    now,
  };
}
