import { createHash } from 'node:crypto';

/** A value as JSON (and jsonb) can hold it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** An entry's hashed fields, exactly as `platform.audit_log` stores them. */
export interface AuditFields {
  id: bigint;
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string;
  terminalId: string | null;
  ip: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
}

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same value always gives the
 * same text: jsonb keeps neither the key order nor the spelling of what it was given.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
  return `{${members.join(',')}}`;
}

/** Every hashed field but the id and the time, which the append statement adds itself (see `canonicalAuditEntry`). */
export function canonicalAuditBody(entry: Omit<AuditFields, 'id' | 'at'>): string {
  return canonicalJson({
    action: entry.action,
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    after: entry.after,
    before: entry.before,
    entityId: entry.entityId,
    entityType: entry.entityType,
    ip: entry.ip,
    terminalId: entry.terminalId,
  });
}

/**
 * The text an entry's hash covers after its prev_hash: `<id>\n<at, ISO 8601 UTC in ms>\n<body>`.
 * AuditRepository.append builds the same text in SQL; a change here must change it there.
 */
export function canonicalAuditEntry(entry: AuditFields): string {
  return `${entry.id}\n${entry.at.toISOString()}\n${canonicalAuditBody(entry)}`;
}

/** sha256(prev_hash ‖ canonical entry), hex: each hash covers every entry before it through prevHash. */
export function auditHash(prevHash: string, entry: AuditFields): string {
  return createHash('sha256').update(prevHash + canonicalAuditEntry(entry), 'utf8').digest('hex');
}
