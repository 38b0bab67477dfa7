import { parseArgs } from 'node:util';
import { audit } from '@tillwire/contracts';
import { auditEntryView } from '../audit/audit.actions';
import { listAudit } from '../audit/audit-list.use-case';
import { verifyAuditChain } from '../audit/audit-verify.use-case';
import type { Config } from '../config/config';
import { openDatabase } from '../db/database';
import type { SqlExecutor } from '../db/sql-executor';

export const AUDIT_USAGE = `Usage: tillwire audit <verify|list> [options]

  audit verify                 walk the hash chain; exit 0 when intact, 2 at the first broken link
      --batch-size <n>         entries read per query (default 1000)
      --json                   print the result as JSON
  audit list                   entries newest first, one JSON object per line
      --actor <id>  --action <action | prefix.>  --entity-type <t>  --entity-id <id>
      --terminal <id>  --from <ISO time>  --to <ISO time>  --limit <1-500>  --before <id>
      --all                    follow the pages to the oldest entry (limit = page size)
`;

/** Exit codes: the chain is broken; the command line is wrong (EX_USAGE, as the runner's). */
export const AUDIT_BROKEN_EXIT = 2;
export const USAGE_EXIT = 64;

export interface AuditCommandDeps {
  readonly sql: SqlExecutor;
  /** The command's answer: JSON lines of `list`, the verdict of `verify`. */
  readonly out: (line: string) => void;
  /** Progress and usage errors. */
  readonly err: (line: string) => void;
  /** Least time between two progress lines of `verify` (default 1 s). */
  readonly progressEveryMs?: number;
}

/** `audit verify|list …` against the configured database; answers the exit code. */
export async function auditCommand(config: Config, args: readonly string[]): Promise<number> {
  const db = await openDatabase(config);
  try {
    return await runAuditCommand(args, { sql: db.sql, out: (line) => console.info(line), err: (line) => console.error(line) });
  } finally {
    await db.close();
  }
}

export async function runAuditCommand(args: readonly string[], deps: AuditCommandDeps): Promise<number> {
  const [subcommand, ...rest] = args;
  try {
    switch (subcommand) {
      case 'verify':
        return await verify(rest, deps);
      case 'list':
        return await list(rest, deps);
      case 'help':
      case '--help':
      case '-h':
        deps.out(AUDIT_USAGE);
        return 0;
      default:
        throw new UsageError(subcommand === undefined ? 'Missing subcommand' : `Unknown subcommand "${subcommand}"`);
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.err(`${error.message}\n\n${AUDIT_USAGE}`);
    return USAGE_EXIT;
  }
}

async function verify(args: readonly string[], deps: AuditCommandDeps): Promise<number> {
  const { values } = parse(args, { 'batch-size': { type: 'string' }, json: { type: 'boolean', default: false } });
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 100_000)) {
    throw new UsageError('--batch-size must be a whole number from 1 to 100000');
  }
  const every = deps.progressEveryMs ?? 1_000;
  let lastReport = Date.now();
  const result = await verifyAuditChain(deps.sql, {
    batchSize,
    onProgress: ({ checked, lastId }) => {
      if (Date.now() - lastReport < every) return;
      lastReport = Date.now();
      deps.err(`verified ${checked} entries (through #${lastId})…`);
    },
  });
  if (values.json) deps.out(JSON.stringify(result));
  else if (result.ok) {
    deps.out(`Audit chain intact: ${result.checked} entries${result.lastId === null ? '' : ` through #${result.lastId}`}, head hash ${result.headHash}`);
  } else {
    const { id, reason, message } = result.firstBroken;
    deps.out(`Audit chain BROKEN at entry #${id} (${reason}): ${message}. ${result.checked} entries before it verified.`);
  }
  return result.ok ? 0 : AUDIT_BROKEN_EXIT;
}

const LIST_FLAGS = {
  actor: 'actorId',
  action: 'action',
  'entity-type': 'entityType',
  'entity-id': 'entityId',
  terminal: 'terminalId',
  from: 'from',
  to: 'to',
  limit: 'limit',
  before: 'before',
} as const;

async function list(args: readonly string[], deps: AuditCommandDeps): Promise<number> {
  const flags: Record<string, { type: 'string' }> = Object.fromEntries(Object.keys(LIST_FLAGS).map((flag) => [flag, { type: 'string' }]));
  const { values } = parse(args, { ...flags, all: { type: 'boolean', default: false } });
  const given = values as Record<string, unknown>;
  // The same validation as `GET /admin/audit`: flags arrive as strings, like a query string.
  const query = Object.fromEntries(Object.entries(LIST_FLAGS).flatMap(([flag, name]) => (typeof given[flag] === 'string' ? [[name, given[flag]]] : [])));
  const parsed = audit.listAuditQuery.safeParse(query);
  if (!parsed.success) {
    const flagOf = (name: unknown) => Object.entries(LIST_FLAGS).find(([, n]) => n === name)?.[0] ?? String(name);
    throw new UsageError(parsed.error.issues.map((issue) => `--${flagOf(issue.path[0])}: ${issue.message}`).join('\n'));
  }
  let params = parsed.data;
  for (;;) {
    const page = await listAudit(deps.sql, params);
    for (const entry of page.entries) deps.out(JSON.stringify(auditEntryView(entry)));
    if (page.nextCursor === null) return 0;
    if (!values.all) {
      deps.err(`More entries: --before ${page.nextCursor}`);
      return 0;
    }
    params = { ...params, before: String(page.nextCursor) };
  }
}

class UsageError extends Error {}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
