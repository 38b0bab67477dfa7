import { randomBytes, randomInt } from 'node:crypto';
import { createAuthDeps } from '../../libs/platform/src/auth/auth-deps';
import { parseConfig } from '../../libs/platform/src/config/config';
import { runUsersCommand, storeDirectory, type UsersCommandDeps } from '../../libs/platform/src/runner/users.command';
import { TEST_JWT_SECRET } from '../../libs/platform/src/testing/index';
import { startCheckoutPlatform, type CheckoutPlatform } from '../checkout/checkout-api';

/** The demo store's departments; their operators are `operator-<department>`. */
const DEPARTMENTS = ['GROCERY', 'HOME', 'ELECTRONICS'];

export interface LoadPlatform {
  readonly platform: CheckoutPlatform;
  /** What a load tester passes the scenarios: BASE_URL, the admin's password and the operators' PINs. */
  readonly credentials: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * The whole platform on the demo store (simulated terminals online), its demo users' secrets set
 * the way an operator of Tillwire sets them (`users set-password` / `users set-pin` on stdin).
 */
export async function startLoadPlatform(): Promise<LoadPlatform> {
  const platform = await startCheckoutPlatform();
  const db = platform.node.database.db;
  const config = parseConfig({ JWT_SECRET: TEST_JWT_SECRET });
  const deps: UsersCommandDeps = { auth: await createAuthDeps(config, db.sql, { info: () => undefined }), directory: storeDirectory(db) };
  const password = randomBytes(18).toString('base64url');
  await setSecret(deps, ['set-password', 'admin', '--password-stdin'], password);
  const pins = DEPARTMENTS.map((department) => [department, String(randomInt(100_000, 1_000_000))] as const);
  for (const [department, pin] of pins) await setSecret(deps, ['set-pin', `operator-${department.toLowerCase()}`, '--pin-stdin'], pin);
  return {
    platform,
    credentials: {
      BASE_URL: platform.base,
      ADMIN_PASSWORD: password,
      OPERATOR_PINS: pins.map(([department, pin]) => `${department}=${pin}`).join(','),
    },
    stop: () => platform.stop(),
  };
}

async function setSecret(deps: UsersCommandDeps, argv: string[], secret: string): Promise<void> {
  const errors: string[] = [];
  const io = { out: () => undefined, err: (line: string) => void errors.push(line), readStdin: async () => `${secret}\n` };
  const code = await runUsersCommand(argv, deps, io);
  if (code !== 0) throw new Error(`users ${argv.join(' ')} exited with ${code}: ${errors.join('\n')}`);
}
