import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPglite, type Database } from '../db/database';
import { applyMigrations, readMigrations } from '../db/migrations';
import { seedDemoStore } from '../runner/seed';
import { storeDirectory } from '../runner/users.command';
import { MIGRATIONS_DIR } from '../runner/workspace';
import type { AuthDeps } from './auth-deps';
import { loginWithPassword, loginWithPin } from './login.use-case';
import { logout, refreshSession } from './session.use-cases';
import { createUser, listUsers, setRoles, unlockUser } from './user-admin.use-cases';

/**
 * The embedded platform's database is PGlite, which binds parameters its own way (arrays of an
 * enum, CASE over timestamps): the identity's SQL end to end on it, from the demo users on.
 */

let db: Database;
let deps: AuthDeps;
const seedLog: string[] = [];
const PASSWORD = 'an embedded password';

beforeAll(async () => {
  db = await openPglite(undefined);
  await applyMigrations(db.sql, await readMigrations(MIGRATIONS_DIR), { serverLock: false });
  await seedDemoStore(db, { info: (message) => void seedLog.push(message) });
  deps = {
    db: db.sql,
    key: createSecretKey(Buffer.from('embedded-identity-key-'.padEnd(40, 'x'))),
    settings: { accessTokenSeconds: 900, refreshTokenSeconds: 43_200, maxFailedAttempts: 2, lockoutSeconds: 900 },
  };
});

afterAll(async () => {
  await db?.close();
});

it('signs in, locks, unlocks, refreshes and signs out on PGlite', async () => {
  const directory = storeDirectory(db);
  const log = seedLog.join('\n');
  const pin = /supervisor-home\s+supervisor\s+PIN (\d{6})/.exec(log)?.[1];
  expect(await loginWithPin(deps, directory, { terminalId: 'T4', username: 'supervisor-home', pin: pin! })).toMatchObject({
    ok: true,
    value: { user: { roles: ['supervisor'], terminalId: 'T4', departmentCode: 'HOME' } },
  });

  const created = await createUser(deps, directory, { username: 'mixed', displayName: 'Mixed', roles: ['finance', 'operator'], departmentCode: 'GROCERY', password: PASSWORD, pin: '1357' });
  expect(created).toMatchObject({ ok: true, value: { roles: ['operator', 'finance'], departmentCode: 'GROCERY' } });
  const listed = await listUsers(deps, { role: 'operator' });
  expect(listed.ok && listed.value.map((u) => u.username)).toContain('mixed');

  expect(await loginWithPassword(deps, { username: 'mixed', password: 'wrong password!' })).toMatchObject({ ok: false, failure: { code: 'invalid_credentials' } });
  expect(await loginWithPassword(deps, { username: 'mixed', password: 'wrong password!' })).toMatchObject({ ok: false, failure: { code: 'account_locked' } });
  expect(await loginWithPassword(deps, { username: 'mixed', password: PASSWORD })).toMatchObject({ ok: false, failure: { code: 'account_locked' } });
  expect((await unlockUser(deps, { username: 'mixed' })).ok).toBe(true);

  const session = await loginWithPassword(deps, { username: 'mixed', password: PASSWORD });
  if (!session.ok) throw new Error(JSON.stringify(session.failure));
  const rotated = await refreshSession(deps, directory, session.value.refreshToken);
  expect(rotated).toMatchObject({ ok: true, value: { user: { roles: ['operator', 'finance'] } } });
  expect(await refreshSession(deps, directory, session.value.refreshToken)).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });

  const atTill = await loginWithPin(deps, directory, { terminalId: 'T2', username: 'mixed', pin: '1357' });
  if (!atTill.ok) throw new Error(JSON.stringify(atTill.failure));
  expect(atTill.value.user.roles).toEqual(['operator']);
  await logout(deps, atTill.value.refreshToken);
  expect(await refreshSession(deps, directory, atTill.value.refreshToken)).toMatchObject({ ok: false, failure: { code: 'token_invalid' } });

  expect(await setRoles(deps, directory, { username: 'mixed' }, { roles: ['admin'] })).toMatchObject({
    ok: true,
    value: { after: { roles: ['admin'], departmentCode: null, hasPin: false } },
  });
});
