import { audit, requiredText } from '@tillwire/contracts';
import { z } from 'zod';
import type { SqlExecutor } from '../db/sql-executor';
import { canonicalAuditBody } from './audit-canonical';
import { AuditError } from './audit.errors';
import { redactAuditState, storableText } from './audit-redaction';
import { AuditRepository, type AppendedWrite, type AuditRecord } from './audit.repository';

/** One state change to record. */
export interface AuditEntryInput {
  /** Who did it, in the role they acted in; null when the platform did (a sweep, a relay, a timer). */
  actor: audit.AuditActor | null;
  /** `<entity>.<verb>`, e.g. `transaction.complete`. */
  action: string;
  entityType: string;
  entityId: string;
  /** Where: the terminal the request came from, and the client's address. */
  terminalId?: string | null | undefined;
  ip?: string | null | undefined;
  /** The entity before and after the change; secrets are redacted and large states replaced by a note. */
  before?: unknown;
  after?: unknown;
  /** When it happened; the database's clock at the append when absent. */
  at?: Date | undefined;
}

const field = (max: number) => requiredText(max).transform(storableText);

const entrySchema = z.object({
  actor: z.object({ id: field(64), role: field(32) }).nullable(),
  action: audit.auditAction,
  entityType: field(64),
  entityId: field(128),
  terminalId: field(32).nullish(),
  ip: field(64).nullish(),
  // Years 1970-9999: what toISOString writes as the SQL to_char of the hash writes it.
  at: z
    .date()
    .refine((at) => at.getTime() >= 0 && at.getUTCFullYear() <= 9999, 'a time from 1970 to 9999')
    .optional(),
});

export interface AppendAuditOptions {
  /** A write to commit with the entry in the append's own statement (see AppendedWrite). */
  alongside?: AppendedWrite;
}

const repository = new AuditRepository();

/**
 * Appends one entry to the audit chain and answers it as stored. Pass the transaction of the state
 * change, so the entry commits with it or not at all; append last in it: from the append until
 * commit the transaction holds the chain head, which every other append waits for. A single write
 * that must commit with the entry can rather go `alongside`, in the append's own statement: no
 * transaction, so no BEGIN and COMMIT round trips.
 */
export async function appendAudit(sql: SqlExecutor, entry: AuditEntryInput, options: AppendAuditOptions = {}): Promise<AuditRecord> {
  const parsed = entrySchema.safeParse(entry);
  if (!parsed.success) {
    throw new AuditError(audit.AuditErrorCode.ValidationFailed, 'Invalid audit entry', {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const valid = parsed.data;
  const fields = {
    actorId: valid.actor?.id ?? null,
    actorRole: valid.actor?.role ?? null,
    action: valid.action,
    entityType: valid.entityType,
    entityId: valid.entityId,
    terminalId: valid.terminalId ?? null,
    ip: valid.ip ?? null,
    before: redactAuditState(entry.before),
    after: redactAuditState(entry.after),
  };
  return repository.append(sql, { ...fields, at: valid.at ?? null, canonicalBody: canonicalAuditBody(fields) }, options.alongside);
}
