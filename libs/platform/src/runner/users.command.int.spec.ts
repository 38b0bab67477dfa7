import { spawn } from 'node:child_process';
import { createSecretKey } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnvironment } from '../config/config';
import { seedDemoStore } from './seed';
import { runUsersCommand, storeDirectory, type UsersCommandDeps } from './users.command';
import { WORKSPACE_ROOT } from './workspace';
import { listAudit } from '../audit/audit-list.use-case';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { verifyAccessToken } from '../auth/access-token';
import { loginWithPassword, loginWithPin } from '../auth/login.use-case';

/** The `users` CLI commands and the demo users, on a database seeded with the demo store. */

const SECRET = 'cli-test-signing-key-'.padEnd(48, 'x');
const key = createSecretKey(Buffer.from(SECRET));
let database: TestDatabase;
let deps: UsersCommandDeps;
let dataDir: string;
const seedLog: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase('tw_auth_cli');
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tw-users-cli-'));
  await seedDemoStore(database.db, { info: (message) => void seedLog.push(message) });
  deps = {
    auth: {
      db: database.db.sql,
      key,
      settings: { accessTokenSeconds: 900, refreshTokenSeconds: 43_200, maxFailedAttempts: 5, lockoutSeconds: 900 },
    },
    directory: storeDirectory(database.db),
  };
});

afterAll(async () => {
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function cli(args: string, stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runUsersCommand(args.split(' ').filter(Boolean), deps, {
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    readStdin: async () => stdin,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const secretOf = (text: string, label: 'password' | 'PIN') => new RegExp(`${label}:\\s+(\\S+)`).exec(text)?.[1];

describe('demo users', () => {
  it('are created on first start with random secrets printed once, and say how to reset them', async () => {
    const log = seedLog.join('\n');
    expect(log).toMatch(/Created demo users/);
    const lines = seedLog.filter((line) => /^\s+\S+\s+\S+\s+(password|PIN) /.test(line));
    expect(lines.map((line) => line.trim().split(/\s+/)[0]).sort()).toEqual([
      'admin',
      'finance',
      'operator-electronics',
      'operator-grocery',
      'operator-home',
      'supervisor-electronics',
      'supervisor-grocery',
      'supervisor-home',
    ]);
    expect(log).toMatch(/npm run cli -- users set-password <username>/);
    const adminPassword = /admin\s+admin\s+password (\S+)/.exec(log)?.[1];
    const grocerPin = /operator-grocery\s+operator\s+PIN (\d{6})/.exec(log)?.[1];
    expect(adminPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await loginWithPassword(deps.auth, { username: 'admin', password: adminPassword! })).ok).toBe(true);
    expect(await loginWithPin(deps.auth, deps.directory, { terminalId: 'T1', username: 'operator-grocery', pin: grocerPin! })).toMatchObject({
      ok: true,
      value: { user: { terminalId: 'T1', departmentCode: 'GROCERY', roles: ['operator'] } },
    });
    expect(await loginWithPin(deps.auth, deps.directory, { terminalId: 'T3', username: 'operator-grocery', pin: grocerPin! })).toMatchObject({
      ok: false,
      failure: { code: 'forbidden' },
    });
  });

  it('are not created again, nor printed, on a later start', async () => {
    const again: string[] = [];
    await seedDemoStore(database.db, { info: (message) => void again.push(message) });
    expect(again).toEqual([]);
  });
});

describe('npm run cli -- users (in process)', () => {
  it('creates an admin with a generated password printed once', async () => {
    const created = await cli('create ada --roles admin,finance --name Ada');
    expect(created).toMatchObject({ code: 0, err: '' });
    expect(created.out).toMatch(/Created user ada \(admin, finance\)/);
    const password = secretOf(created.out, 'password');
    expect((await loginWithPassword(deps.auth, { username: 'ada', password: password! })).ok).toBe(true);
    expect(created.out).not.toMatch(/PIN/);
  });

  it('creates an operator with the PIN read from stdin, and prints no secret', async () => {
    const created = await cli('create till-7 --roles operator --department HOME --pin-stdin', '2580\n');
    expect(created.code).toBe(0);
    expect(created.out).not.toMatch(/PIN:|password:/);
    expect((await loginWithPin(deps.auth, deps.directory, { terminalId: 'T3', username: 'till-7', pin: '2580' })).ok).toBe(true);
  });

  it('never takes a secret from the command line', async () => {
    for (const args of ['create bob --roles admin --password hunter2hunter2', 'set-pin till-7 --pin=1234', 'set-password ada --password']) {
      const refused = await cli(args);
      expect(refused.code, args).toBe(64);
      expect(refused.err).toMatch(/never read from the command line/);
    }
  });

  it('sets a password from stdin or a generated PIN, roles, and the account state', async () => {
    expect(await cli('set-password ada --password-stdin', 'correct horse battery staple\n')).toMatchObject({ code: 0 });
    expect((await loginWithPassword(deps.auth, { username: 'ada', password: 'correct horse battery staple' })).ok).toBe(true);
    expect((await cli('set-password ada --password-stdin', 'short\n')).err).toMatch(/Error \(validation_failed\): password: /);

    const pin = await cli('set-pin till-7');
    expect(secretOf(pin.out, 'PIN')).toMatch(/^\d{6}$/);

    expect(await cli('set-roles till-7 --roles supervisor')).toMatchObject({ code: 0, out: 'Roles of till-7: supervisor · HOME' });
    expect(await cli('set-roles till-7 --roles cashier')).toMatchObject({ code: 64 });
    expect(await cli('deactivate ada')).toMatchObject({ code: 0, out: 'Deactivated ada: refresh tokens revoked' });
    expect((await loginWithPassword(deps.auth, { username: 'ada', password: 'correct horse battery staple' })).ok).toBe(false);
    expect(await cli('activate ada')).toMatchObject({ code: 0 });
    expect(await cli('unlock ada')).toMatchObject({ code: 0, out: 'Unlocked ada: failed sign-ins cleared' });
    expect((await loginWithPassword(deps.auth, { username: 'ada', password: 'correct horse battery staple' })).ok).toBe(true);

    // Each change is in the audit trail once, by the command line's account, without its secret.
    const { entries } = await listAudit(database.db.sql, { entityType: 'user', limit: 50 });
    const actions = entries.filter((e) => e.action !== 'user.create').map((e) => e.action).reverse();
    expect(actions).toEqual(['user.set_password', 'user.set_pin', 'user.set_roles', 'user.deactivate', 'user.activate', 'user.unlock']);
    expect(entries.every((e) => e.actorRole === 'cli' && e.actorId?.startsWith('cli:'))).toBe(true);
    expect(JSON.stringify(entries.map((e) => [e.before, e.after]))).not.toContain('correct horse battery staple');
  });

  it('lists users as a table or JSON', async () => {
    const table = await cli('list');
    expect(table.out.split('\n')[0]).toMatch(/^USERNAME\s+NAME\s+ROLES\s+DEPARTMENT\s+SIGN-IN\s+STATE$/);
    expect(table.out).toMatch(/^till-7\s+till-7\s+supervisor\s+HOME\s+PIN\s+active$/m);
    const json = await cli('list --role finance --json');
    expect((JSON.parse(json.out) as { username: string }[]).map((u) => u.username)).toEqual(['ada', 'finance']);
    expect(json.out).not.toMatch(/hash/i);
  });

  it('issues a token: only the token on stdout, with the chosen lifetime, at most 24 h', async () => {
    const issued = await cli('token ada --ttl 600');
    expect(issued).toMatchObject({ code: 0, err: '' });
    expect(issued.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const verified = verifyAccessToken(key, issued.out);
    expect(verified.ok && verified.claims.exp - verified.claims.iat).toBe(600);
    expect(await cli('token ada --ttl 86401')).toMatchObject({ code: 1, err: expect.stringMatching(/validation_failed/) });
    expect(await cli('token ada --ttl soon')).toMatchObject({ code: 64 });
    const bound = await cli('token operator-home --terminal T3');
    expect(verifyAccessToken(key, bound.out)).toMatchObject({ ok: true, claims: { terminalId: 'T3', departmentCode: 'HOME' } });
    expect(await cli('token operator-home --terminal T1')).toMatchObject({ code: 1, err: expect.stringMatching(/forbidden/) });
  });

  it('answers clear errors with their exit codes', async () => {
    expect(await cli('set-pin nobody')).toMatchObject({ code: 1, err: 'Error (not_found): User nobody not found' });
    expect(await cli('create ada --roles admin')).toMatchObject({ code: 1, err: expect.stringMatching(/already_exists/) });
    expect(await cli('create xx1 --roles operator')).toMatchObject({ code: 1, err: expect.stringMatching(/departmentCode/) });
    expect(await cli('create xx1 --roles operator --department TOYS')).toMatchObject({ code: 1, err: expect.stringMatching(/TOYS does not exist/) });
    expect(await cli('frobnicate')).toMatchObject({ code: 64, err: expect.stringMatching(/Unknown users command/) });
    expect(await cli('unlock')).toMatchObject({ code: 64, err: expect.stringMatching(/needs a username/) });
    expect(await cli('')).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: npm run -s cli -- users/) });
  });
});

describe('npm run cli -- users (child process)', () => {
  function run(command: string, args: string[], stdin = '') {
    const child = spawn(command, args, {
      cwd: WORKSPACE_ROOT,
      env: childEnvironment({
        DATABASE_URL: database.url,
        JWT_SECRET: SECRET,
        TILLWIRE_MODE: 'embedded',
        TILLWIRE_DATA_DIR: dataDir,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(stdin);
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once('exit', (code) => resolve({ code, stdout, stderr })),
    );
  }
  const tillwire = (args: string[], stdin?: string) =>
    run(process.execPath, ['--import', 'tsx', path.join(WORKSPACE_ROOT, 'libs/platform/src/runner/cli.ts'), 'users', ...args], stdin);

  it('creates a user from a piped password and prints a token alone on stdout', async () => {
    const created = await tillwire(['create', 'k6', '--roles', 'finance', '--password-stdin'], 'a password for load tests\n');
    expect(created).toMatchObject({ code: 0, stdout: 'Created user k6 (finance)\n' });
    const token = await tillwire(['token', 'k6', '--ttl', '3600']);
    expect(token.code).toBe(0);
    expect(verifyAccessToken(key, token.stdout.trim())).toMatchObject({ ok: true, claims: { username: 'k6', roles: ['finance'] } });
    expect(token.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 64 on a secret in argv and 1 on a failed command', async () => {
    const refused = await tillwire(['set-password', 'k6', '--password', 'hunter2hunter2']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/never read from the command line/);
    const missing = await tillwire(['unlock', 'nobody']);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/Error \(not_found\)/) });
  });

  it('is the root package.json `cli` script', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const help = await run(npm, ['run', '-s', 'cli', '--', 'users', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: npm run -s cli -- users <command>/);
  });
});
