export { appendAudit, type AppendAuditOptions, type AuditEntryInput } from './audit-append.use-case';
export { verifyAuditChain, type VerifyAuditOptions } from './audit-verify.use-case';
export { listAudit, type AuditPage } from './audit-list.use-case';
export { auditActions, auditEntryView, auditPageView, type AuditActionsDeps } from './audit.actions';
export { AuditRepository, type AppendedWrite, type AuditRecord, type AuditFilter, type ChainHead, type NewAuditRow } from './audit.repository';
export { AuditError, auditErrorStatus } from './audit.errors';
export { auditHash, canonicalAuditEntry, canonicalJson, GENESIS_HASH, type AuditFields, type JsonValue } from './audit-canonical';
export { redactAuditState, isSecretKey, REDACTED, AUDIT_STATE_LIMIT_BYTES, type OmittedState } from './audit-redaction';
