import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import type { auth } from '@tillwire/contracts';
import { signAccessToken } from '../auth/access-token';
import { CallerCredentials, callerKeyOf } from '../grpc/grpc-callers';

/**
 * The signing key every platform a test starts shares (JWT_SECRET), random per test process, so a
 * test can sign in as any role without going through users it would first have to create.
 */
export const TEST_JWT_SECRET = randomBytes(32).toString('base64url');
const key = createSecretKey(Buffer.from(TEST_JWT_SECRET, 'utf8'));

export interface TestActor {
  /** The user id the token names; a new one when not given. */
  readonly userId?: string;
  readonly roles: readonly auth.Role[];
  readonly username?: string;
  readonly terminalId?: string;
  readonly departmentCode?: string;
}

/** An access token for `actor`, signed with TEST_JWT_SECRET, valid for an hour. */
export function testAccessToken(actor: TestActor): string {
  const username = actor.username ?? `test-${actor.roles.join('-')}`;
  return signAccessToken(
    key,
    {
      sub: actor.userId ?? randomUUID(),
      username,
      roles: [...actor.roles],
      ...(actor.terminalId === undefined ? {} : { terminalId: actor.terminalId }),
      ...(actor.departmentCode === undefined ? {} : { departmentCode: actor.departmentCode }),
    },
    { ttlSeconds: 3_600 },
  ).token;
}

/** The gRPC caller key of every platform a test starts (derived from TEST_JWT_SECRET). */
const callerKey = callerKeyOf(key);

/** How a test calls the gRPC servers of a platform it started: as one of its services. */
export const testCaller = (caller = 'tests') => new CallerCredentials(caller, async () => callerKey);
