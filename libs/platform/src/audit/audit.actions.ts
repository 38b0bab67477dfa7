import { audit } from '@tillwire/contracts';
import { validatedAction } from '../broker/validated-action';
import type { SqlExecutor } from '../db/sql-executor';
import { listAudit, type AuditPage } from './audit-list.use-case';
import type { AuditRecord } from './audit.repository';

export interface AuditActionsDeps {
  readonly db: SqlExecutor;
}

/**
 * The admin action of the audit trail, for the hosting service to spread into its `actions`
 * (`GET /admin/audit` calls it). Verifying a long chain takes longer than a broker call may: the
 * `audit verify` command does it.
 */
export function auditActions({ db }: AuditActionsDeps) {
  return {
    listAudit: validatedAction({
      params: audit.listAuditParams,
      handler: async (p): Promise<audit.ListAuditResult> => auditPageView(await listAudit(db, p)),
    }),
  };
}

export function auditEntryView(entry: AuditRecord): audit.AuditEntry {
  return {
    id: String(entry.id),
    at: entry.at.toISOString(),
    actor: entry.actorId === null ? null : { id: entry.actorId, role: entry.actorRole ?? '' },
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    terminalId: entry.terminalId,
    ip: entry.ip,
    before: entry.before,
    after: entry.after,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

export function auditPageView(page: AuditPage): audit.ListAuditResult {
  return { entries: page.entries.map(auditEntryView), nextCursor: page.nextCursor === null ? null : String(page.nextCursor) };
}
