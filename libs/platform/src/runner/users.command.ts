import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { auth, getPlatformHealth } from '@tillwire/contracts';
import { appendAudit } from '../audit/audit-append.use-case';
import { createAuthDeps, type AuthDeps, type DepartmentPorts, type TerminalPorts } from '../auth/auth-deps';
import { toAuthError, type AuthResult } from '../auth/auth.errors';
import { generatePassword, generatePin } from '../auth/generated-secrets';
import { StoreDirectoryRepository } from '../auth/store-directory.repository';
import {
  activateUser,
  createUser,
  deactivateUser,
  issueAccessToken,
  listUsers,
  setPassword,
  setPin,
  setRoles,
  unlockUser,
  type UserChange,
} from '../auth/user-admin.use-cases';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import { migrate, prepareDatabase } from './database-setup';

export const USERS_USAGE = `Usage: npm run -s cli -- users <command> [options]

Commands:
  list [--role <role>] [--json]            every user, with roles, department and state
  create <username> --roles <r1,r2> [--name "<display name>"] [--department <CODE>]
         [--password-stdin] [--pin-stdin]
                                           operators and supervisors need --department and get a PIN;
                                           admins and finance get a password
  set-password <username> [--password-stdin]
  set-pin <username> [--pin-stdin]         operators and supervisors only
  set-roles <username> --roles <r1,r2> [--department <CODE>]
  deactivate <username>                    no more sign-ins; revokes the user's refresh tokens
  activate <username>
  unlock <username>                        lifts a lockout after repeated failed sign-ins
  token <username> [--ttl <seconds>] [--terminal <id>]
                                           prints only an access token (default 3600 s, at most
                                           86400), e.g. TOKEN=$(npm run -s cli -- users token admin);
                                           --terminal binds it to a terminal of the user's department

Roles: operator, supervisor, admin, finance.
Secrets never come from the command line (shell history, ps). Without --password-stdin or
--pin-stdin a random password (24 characters) or PIN (6 digits) is generated and printed once.
With --password-stdin the first line of stdin is the password (at least 12 characters); with
--pin-stdin the next line is the PIN (4-8 digits), e.g.
  printf '%s\\n' "$NEW_PASSWORD" | npm run -s cli -- users set-password ada --password-stdin
Embedded mode (PGlite) serves one process at a time: stop \`npm start\` first.
`;

/** Where the command writes: results (tokens, generated secrets, tables) to `out`, messages to `err`. */
export interface UsersCommandIo {
  out(line: string): void;
  err(line: string): void;
  /** All of stdin, for --password-stdin and --pin-stdin. */
  readStdin(): Promise<string>;
}

export interface UsersCommandDeps {
  readonly auth: AuthDeps;
  readonly directory: TerminalPorts & DepartmentPorts;
}

export class UsersUsageError extends Error {}

const EXIT = { ok: 0, failed: 1, usage: 64 } as const;
const SECRET_FLAGS = /^--(password|pin)(=|$)/;

/**
 * `npm run cli -- users …`: opens the configured database (migrated), runs one command, closes it.
 * Answers the exit code: 0, 1 when the command failed, 64 for bad usage.
 */
export async function usersCommand(config: Config, argv: readonly string[], io: UsersCommandIo = processIo()): Promise<number> {
  return usageChecked(io, async () => {
    const parsed = parseCommand(argv);
    if (parsed.command === 'help') {
      io.out(USERS_USAGE);
      return EXIT.ok;
    }
    if (!config.databaseUrl) {
      const api = `http://${config.api.host}:${config.api.port}`;
      if ((await getPlatformHealth(api)).ok) {
        io.err(
          `The embedded platform is running (its API answers at ${api}); PGlite serves one process at a time.\n` +
            'Stop it (Ctrl-C), run this command, then start it again; or run the platform on PostgreSQL (DATABASE_URL).',
        );
        return EXIT.failed;
      }
    }
    const log = { info: (message: string) => io.err(`[tillwire] ${message}`) };
    const db = await prepareDatabase(config, log, { reset: false });
    try {
      await migrate(db, log);
      return await runParsed(parsed, { auth: await createAuthDeps(config, db.sql, log), directory: storeDirectory(db) }, io);
    } finally {
      await db.close();
    }
  });
}

/** Runs one `users` command on `deps`: what the CLI does once its database is open. */
export function runUsersCommand(argv: readonly string[], deps: UsersCommandDeps, io: UsersCommandIo): Promise<number> {
  return usageChecked(io, () => runParsed(parseCommand(argv), deps, io));
}

async function usageChecked(io: UsersCommandIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UsersUsageError)) throw error;
    io.err(`${error.message}\n\n${USERS_USAGE}`);
    return EXIT.usage;
  }
}

/** Terminal and department look-ups straight from the database: the CLI runs without a broker. */
export function storeDirectory(db: Pick<Database, 'sql'>): TerminalPorts & DepartmentPorts {
  const directory = new StoreDirectoryRepository();
  return {
    terminalDepartment: (terminalId) => directory.terminalDepartment(db.sql, terminalId),
    departmentExists: (code) => directory.departmentExists(db.sql, code),
  };
}

const COMMANDS = ['list', 'create', 'set-password', 'set-pin', 'set-roles', 'deactivate', 'activate', 'unlock', 'token'] as const;
type Command = (typeof COMMANDS)[number];

interface ParsedCommand {
  command: Command | 'help';
  username: string;
  values: {
    roles?: string | undefined;
    role?: string | undefined;
    name?: string | undefined;
    department?: string | undefined;
    'password-stdin'?: boolean | undefined;
    'pin-stdin'?: boolean | undefined;
    ttl?: string | undefined;
    terminal?: string | undefined;
    json?: boolean | undefined;
  };
}

function parseCommand(argv: readonly string[]): ParsedCommand {
  const secretFlag = argv.find((arg) => SECRET_FLAGS.test(arg));
  if (secretFlag) {
    throw new UsersUsageError(
      `${secretFlag.split('=')[0]} is not accepted: secrets are never read from the command line (shell history, ps). ` +
        'Pipe it with --password-stdin / --pin-stdin, or leave it out to have one generated and printed once.',
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        roles: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        department: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'pin-stdin': { type: 'boolean' },
        ttl: { type: 'string' },
        terminal: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsersUsageError((error as Error).message);
  }
  const [command, username, ...extra] = parsed.positionals;
  if (parsed.values.help || command === undefined || command === 'help') return { command: 'help', username: '', values: {} };
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsersUsageError(`Unknown users command "${command}"`);
  if (command === 'list') {
    if (username !== undefined) throw new UsersUsageError(`users list takes no username (got "${username}")`);
  } else if (username === undefined) {
    throw new UsersUsageError(`users ${command} needs a username`);
  }
  if (extra.length > 0) throw new UsersUsageError(`Unexpected arguments: ${extra.join(' ')}`);
  return { command: command as Command, username: username ?? '', values: parsed.values };
}

async function runParsed(parsed: ParsedCommand, deps: UsersCommandDeps, io: UsersCommandIo): Promise<number> {
  if (parsed.command === 'help') {
    io.out(USERS_USAGE);
    return EXIT.ok;
  }
  const { command, username, values } = parsed;
  const ref = { username };
  const stdin = values['password-stdin'] || values['pin-stdin'] ? stdinSecrets(await io.readStdin(), values) : {};
  switch (command) {
    case 'list': {
      const role = values.role === undefined ? undefined : parseRoles(values.role, '--role')[0];
      const users = await listUsers(deps.auth, { role, limit: 500 });
      return report(users, io, (list) => (values.json ? [JSON.stringify(list, null, 2)] : userTable(list)));
    }
    case 'create': {
      if (values.roles === undefined) throw new UsersUsageError('users create needs --roles');
      const roles = parseRoles(values.roles, '--roles');
      const atTerminal = roles.some((role) => auth.TERMINAL_ROLES.includes(role));
      const withPassword = values['password-stdin'] === true || roles.some((role) => !auth.TERMINAL_ROLES.includes(role));
      const password = withPassword ? (stdin.password ?? generatePassword()) : undefined;
      const pin = atTerminal ? (stdin.pin ?? generatePin()) : undefined;
      if (values['pin-stdin'] && !atTerminal) throw new UsersUsageError('--pin-stdin: only operators and supervisors have a PIN');
      const created = await audited(deps, 'user.create', await createUser(deps.auth, deps.directory, {
        username,
        displayName: values.name ?? username,
        roles,
        departmentCode: values.department,
        password,
        pin,
      }), (user) => ({ entityId: user.id, after: user }));
      return report(created, io, (user) => [
        `Created user ${user.username} (${describe(user)})`,
        ...generatedLines({ password: stdin.password === undefined ? password : undefined, pin: stdin.pin === undefined ? pin : undefined }),
      ]);
    }
    case 'set-password': {
      const password = stdin.password ?? generatePassword();
      return report(await audited(deps, 'user.set_password', await setPassword(deps.auth, ref, password), userChange), io, ({ after }) => [
        `Set the password of ${after.username}; their refresh tokens are revoked`,
        ...generatedLines({ password: stdin.password === undefined ? password : undefined }),
      ]);
    }
    case 'set-pin': {
      const pin = stdin.pin ?? generatePin();
      return report(await audited(deps, 'user.set_pin', await setPin(deps.auth, ref, pin), userChange), io, ({ after }) => [
        `Set the PIN of ${after.username}; their refresh tokens are revoked`,
        ...generatedLines({ pin: stdin.pin === undefined ? pin : undefined }),
      ]);
    }
    case 'set-roles': {
      if (values.roles === undefined) throw new UsersUsageError('users set-roles needs --roles');
      const request = { roles: parseRoles(values.roles, '--roles'), departmentCode: values.department };
      const result = await audited(deps, 'user.set_roles', await setRoles(deps.auth, deps.directory, ref, request), userChange);
      return report(result, io, changed('Roles of', (c) => describe(c.after)));
    }
    case 'deactivate':
      return report(await audited(deps, 'user.deactivate', await deactivateUser(deps.auth, ref), userChange), io, changed('Deactivated', () => 'refresh tokens revoked'));
    case 'activate':
      return report(await audited(deps, 'user.activate', await activateUser(deps.auth, ref), userChange), io, changed('Activated', () => 'may sign in again'));
    case 'unlock':
      return report(await audited(deps, 'user.unlock', await unlockUser(deps.auth, ref), userChange), io, changed('Unlocked', () => 'failed sign-ins cleared'));
    case 'token': {
      const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
      if (ttlSeconds !== undefined && !Number.isInteger(ttlSeconds)) throw new UsersUsageError(`--ttl must be whole seconds (got "${values.ttl}")`);
      const issued = await audited(deps, 'user.token_issue', await issueAccessToken(deps.auth, deps.directory, ref, { ttlSeconds, terminalId: values.terminal }), (token) => ({
        entityId: username,
        after: { expiresIn: token.expiresIn, terminalId: values.terminal ?? null },
      }));
      return report(issued, io, (token) => [token.accessToken]);
    }
  }
}

/** Who changes users from the command line, in the audit trail: the operating-system account. */
const CLI_ACTOR = { id: `cli:${userInfo().username}`.slice(0, 64), role: 'cli' };

const userChange = (change: UserChange) => ({ entityId: change.after.id, before: change.before, after: change.after });

/** A successful change of a user goes into the audit trail before it is reported. */
async function audited<T>(
  deps: UsersCommandDeps,
  action: string,
  result: AuthResult<T>,
  entry: (value: T) => { entityId: string; before?: unknown; after: unknown },
): Promise<AuthResult<T>> {
  if (result.ok) await appendAudit(deps.auth.db, { actor: CLI_ACTOR, action, entityType: 'user', ...entry(result.value) });
  return result;
}

/** Prints a success's lines to `out`, or the failure to `err`; answers the exit code. */
function report<T>(result: AuthResult<T>, io: UsersCommandIo, lines: (value: T) => string[]): number {
  if (result.ok) {
    for (const line of lines(result.value)) io.out(line);
    return EXIT.ok;
  }
  const error = toAuthError(result.failure);
  io.err(`Error (${error.code}): ${error.message}`);
  return EXIT.failed;
}

function changed(verb: string, what: (change: UserChange) => string) {
  return (change: UserChange) => [`${verb} ${change.after.username}: ${what(change)}`];
}

function generatedLines(secrets: { password?: string | undefined; pin?: string | undefined }): string[] {
  return [
    ...(secrets.password === undefined ? [] : [`  password: ${secrets.password}`]),
    ...(secrets.pin === undefined ? [] : [`  PIN:      ${secrets.pin}`]),
    ...(secrets.password === undefined && secrets.pin === undefined ? [] : ['  (shown once; it is stored only as a hash)']),
  ];
}

function describe(user: auth.User): string {
  return [user.roles.join(', '), user.departmentCode].filter(Boolean).join(' · ');
}

function userTable(users: auth.User[]): string[] {
  if (users.length === 0) return ['No users.'];
  const rows = users.map((user) => [
    user.username,
    user.displayName,
    user.roles.join(','),
    user.departmentCode ?? '-',
    [user.hasPassword ? 'password' : '', user.hasPin ? 'PIN' : ''].filter(Boolean).join('+') || '-',
    !user.active ? 'inactive' : user.lockedUntil && new Date(user.lockedUntil) > new Date() ? `locked until ${user.lockedUntil}` : 'active',
  ]);
  const header = ['USERNAME', 'NAME', 'ROLES', 'DEPARTMENT', 'SIGN-IN', 'STATE'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

function parseRoles(list: string, flag: string): auth.Role[] {
  const roles = list.split(',').map((role) => role.trim()).filter(Boolean);
  const parsed = auth.role.array().min(1).safeParse(roles);
  if (!parsed.success) throw new UsersUsageError(`${flag} takes roles from ${auth.ROLES.join(', ')} separated by commas (got "${list}")`);
  return parsed.data;
}

/** Line 1 is the password with --password-stdin; the next line is the PIN with --pin-stdin. */
function stdinSecrets(text: string, values: ParsedCommand['values']): { password?: string; pin?: string } {
  const lines = text.split(/\r?\n/);
  const password = values['password-stdin'] ? lines.shift() : undefined;
  const pin = values['pin-stdin'] ? lines.shift()?.trim() : undefined;
  if (values['password-stdin'] && !password) throw new UsersUsageError('--password-stdin: stdin holds no password');
  if (values['pin-stdin'] && !pin) throw new UsersUsageError('--pin-stdin: stdin holds no PIN');
  return { ...(password === undefined ? {} : { password }), ...(pin === undefined ? {} : { pin }) };
}

function processIo(): UsersCommandIo {
  return {
    out: (line) => console.info(line),
    err: (line) => console.error(line),
    async readStdin() {
      if (process.stdin.isTTY) throw new UsersUsageError('--password-stdin / --pin-stdin read a pipe, not the terminal');
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
