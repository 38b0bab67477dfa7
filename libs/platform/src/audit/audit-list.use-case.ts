import type { audit } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';
import { AuditRepository, type AuditRecord } from './audit.repository';

export interface AuditPage {
  /** Newest first. */
  entries: AuditRecord[];
  /** The `before` of the next (older) page; null on the last page. */
  nextCursor: bigint | null;
}

const defaultRepository = new AuditRepository();

/** A page of the audit log, newest first: the filters combine with AND; an action ending with `.` is a prefix. */
export async function listAudit(sql: SqlExecutor, params: audit.ListAuditParams, repository = defaultRepository): Promise<AuditPage> {
  const prefix = params.action?.endsWith('.') ?? false;
  const rows = await repository.list(sql, {
    actorId: params.actorId,
    action: prefix ? undefined : params.action,
    actionPrefix: prefix ? params.action : undefined,
    entityType: params.entityType,
    entityId: params.entityId,
    terminalId: params.terminalId,
    from: params.from === undefined ? undefined : new Date(params.from),
    to: params.to === undefined ? undefined : new Date(params.to),
    before: params.before === undefined ? undefined : BigInt(params.before),
    // One more than asked tells whether another page follows.
    limit: params.limit + 1,
  });
  const entries = rows.slice(0, params.limit);
  return { entries, nextCursor: rows.length > params.limit ? entries[entries.length - 1]!.id : null };
}
