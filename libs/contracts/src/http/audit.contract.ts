import { z } from 'zod';
import { isoDateTime, requiredText } from '../primitives';

/**
 * The audit trail: every state change appends one entry (who, what, when, where, before/after),
 * hash-chained so that tampering is detectable. `GET /admin/audit` lists entries newest first;
 * `tillwire audit verify` walks the chain and names its first broken link.
 */
export enum AuditErrorCode {
  ValidationFailed = 'validation_failed',
}

/** An entry id (1, 2, 3… without gaps) as a decimal string: JSON has no 64-bit integers. */
export const auditEntryId = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, 'a whole number from 1')
  // Compared as text (same length, digits only), so a value the regex refused cannot throw here.
  .refine((value) => value.length < 19 || value <= '9223372036854775807', 'at most 9223372036854775807');

/** What was done, as `<entity>.<verb>`: `transaction.complete`, `dlq.replay`, `user.pin_set`. */
export const auditAction = z
  .string()
  .max(128)
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/, 'lower-case dotted words, e.g. transaction.complete');

/** An action filter: ending with `.` it matches every action it starts (`transaction.`), otherwise exactly one. */
export const auditActionFilter = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*\.?$/, 'an action (transaction.complete) or a prefix ending with . (transaction.)');

export const auditListLimit = z.number().int().min(1).max(500);

const listFilters = {
  actorId: requiredText(64).optional(),
  action: auditActionFilter.optional(),
  entityType: requiredText(64).optional(),
  entityId: requiredText(128).optional(),
  terminalId: requiredText(32).optional(),
  /** Entries at or after this instant. */
  from: isoDateTime.optional(),
  /** Entries before this instant. */
  to: isoDateTime.optional(),
  /** The `nextCursor` of the previous page: entries with a smaller id. */
  before: auditEntryId.optional(),
};

const fromBeforeTo = <T extends { from?: string | undefined; to?: string | undefined }>(query: T) =>
  query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to);
const fromBeforeToIssue = { message: 'from must be before to', path: ['to'] };

/** `audit.listAudit` params: the filters combine with AND; newest first, `limit` entries (default 50). */
/** Broker actions of the audit trail, hosted by the API service. */
export const AuditActions = {
  /** `ListAuditParams` → `ListAuditResult`, newest first. */
  list: 'api.listAudit',
} as const;

export const listAuditParams = z.object({ ...listFilters, limit: auditListLimit.default(50) }).refine(fromBeforeTo, fromBeforeToIssue);
export type ListAuditParams = z.output<typeof listAuditParams>;

/**
 * `GET /admin/audit?actorId=&action=&entityType=&entityId=&terminalId=&from=&to=&limit=&before=`: the
 * same filters as they arrive in a URL, every value a string; bad values fail as `validation_failed`.
 */
export const listAuditQuery = z
  .object({
    ...listFilters,
    limit: z.string().regex(/^[0-9]{1,3}$/, 'a whole number from 1 to 500').transform(Number).pipe(auditListLimit).default(50),
  })
  .refine(fromBeforeTo, fromBeforeToIssue);
export type ListAuditQuery = z.input<typeof listAuditQuery>;

/** Who acted: a signed-in user in the role they acted in; `null` when the platform itself did (sweeps, relays). */
export const auditActor = z.object({ id: z.string(), role: z.string() });
export type AuditActor = z.infer<typeof auditActor>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const auditEntry = z.object({
  id: auditEntryId,
  at: z.string(),
  actor: auditActor.nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  terminalId: z.string().nullable(),
  ip: z.string().nullable(),
  /** The entity before and after the change, secrets redacted; a note instead when larger than 16 KiB. */
  before: z.unknown(),
  after: z.unknown(),
  /** The previous entry's hash (64 zeros for the first); `hash` = sha256 of prevHash and this entry. */
  prevHash: sha256Hex,
  hash: sha256Hex,
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const listAuditResult = z.object({
  entries: z.array(auditEntry),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: auditEntryId.nullable(),
});
export type ListAuditResult = z.infer<typeof listAuditResult>;

/**
 * Why the chain breaks at an entry: `gap` (an entry is missing: deleted, or the tail cut off),
 * `prev_hash_mismatch` (the entry does not follow the one before it: reordered, inserted, or the
 * one before was altered and re-hashed), `hash_mismatch` (the entry was altered), `head_mismatch`
 * (the chain head disagrees with the last entry, or entries lie beyond it).
 */
export const auditBreakReason = z.enum(['gap', 'prev_hash_mismatch', 'hash_mismatch', 'head_mismatch']);
export type AuditBreakReason = z.infer<typeof auditBreakReason>;

export const auditVerification = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    checked: z.number().int().min(0),
    /** The last entry checked; null when the log is empty. */
    lastId: auditEntryId.nullable(),
    /** The hash of the last entry: record it elsewhere to detect a rewrite of the whole chain later. */
    headHash: sha256Hex,
  }),
  z.object({
    ok: z.literal(false),
    /** Entries that verified before the break. */
    checked: z.number().int().min(0),
    firstBroken: z.object({ id: auditEntryId, reason: auditBreakReason, message: z.string() }),
  }),
]);
export type AuditVerification = z.infer<typeof auditVerification>;
