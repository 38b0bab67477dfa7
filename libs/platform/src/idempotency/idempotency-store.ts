import { createHash } from 'node:crypto';
import { appendAudit, type AuditEntryInput } from '../audit/audit-append.use-case';
import type { SqlExecutor } from '../db/sql-executor';
import { IdempotencyRepository } from './idempotency.repository';

export interface StoredResponse {
  status: number;
  /** The serialized body exactly as first sent. */
  body: string;
}

export type Claim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'reused' }
  | { outcome: 'in_progress' };

export interface IdempotencyOptions {
  /** How long a request may hold its key before another may take it over. */
  lockMs: number;
  /** How long a finished response is kept for replays. */
  retentionMs: number;
}

/** SHA-256 of the canonical request (method, path, body) a key is bound to. */
export function requestHash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

/**
 * Idempotency keys: the same key and request returns the first response byte for byte; the same
 * key with another request is `reused`; a key whose request is still running is `in_progress`.
 */
export class IdempotencyStore {
  private readonly repository = new IdempotencyRepository();

  constructor(
    private readonly db: SqlExecutor,
    private readonly options: IdempotencyOptions,
  ) {}

  async claim(scope: string, key: string, hash: string): Promise<Claim> {
    const now = new Date();
    const lockedUntil = new Date(now.getTime() + this.options.lockMs);
    const expiresAt = new Date(now.getTime() + this.options.retentionMs);
    if (await this.repository.tryInsert(this.db, scope, key, hash, lockedUntil, expiresAt)) return { outcome: 'claimed' };
    const row = await this.repository.find(this.db, scope, key);
    if (!row) return this.claim(scope, key, hash);
    if (row.requestHash !== hash) return { outcome: 'reused' };
    if (row.status === 'completed' && row.responseStatus !== null && row.responseBody !== null) {
      return { outcome: 'replay', response: { status: row.responseStatus, body: row.responseBody } };
    }
    if (await this.repository.takeOver(this.db, scope, key, now, lockedUntil)) return { outcome: 'claimed' };
    return { outcome: 'in_progress' };
  }

  /**
   * Stores the answer for replays. With the audit entry of the state change it answers, both are
   * written in one statement: the answer is stored only with its entry, and when that fails neither
   * is (the request may then be retried: release the key).
   */
  async complete(scope: string, key: string, response: StoredResponse, entry?: AuditEntryInput): Promise<void> {
    if (!entry) return this.repository.complete(this.db, scope, key, response.status, response.body);
    await appendAudit(this.db, entry, { alongside: this.repository.completion(scope, key, response.status, response.body) });
  }

  /** Frees a key whose request failed for a reason a retry may not meet (a dependency was down). */
  release(scope: string, key: string): Promise<void> {
    return this.repository.remove(this.db, scope, key);
  }

  purgeExpired(): Promise<number> {
    return this.repository.purgeExpired(this.db, new Date());
  }
}
