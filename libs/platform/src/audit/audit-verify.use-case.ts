import type { audit } from '@tillwire/contracts';
import type { SqlExecutor } from '../db/sql-executor';
import { auditHash, GENESIS_HASH } from './audit-canonical';
import { AuditRepository, type AuditRecord } from './audit.repository';

export interface VerifyAuditOptions {
  /** Entries read per query (default 1000): memory stays flat however long the chain. */
  batchSize?: number;
  /** Called after each batch with the entries verified so far. */
  onProgress?: (progress: { checked: number; lastId: string }) => void;
  repository?: AuditRepository;
}

type Broken = Extract<audit.AuditVerification, { ok: false }>['firstBroken'];

/**
 * Walks the chain from its first entry to the head as read when the walk starts (entries appended
 * meanwhile are left to the next run), in keyset batches, and answers the first broken link:
 * - an entry altered in place: `hash_mismatch` at that entry;
 * - an entry deleted: `gap` at its id (the tail cut off: `gap` at the first missing id);
 * - entries swapped, or one moved: `prev_hash_mismatch` at the first entry out of place;
 * - an entry altered and re-hashed, or a forged entry inserted with a valid hash: `prev_hash_mismatch`
 *   at the entry after it, the first whose link no longer holds;
 * - a head that disagrees with the last entry, or entries past the head: `head_mismatch`.
 * Rewriting every entry from some point on and the head with it is not detectable from inside the
 * database: compare `headHash` with a copy kept elsewhere for that.
 */
export async function verifyAuditChain(sql: SqlExecutor, options: VerifyAuditOptions = {}): Promise<audit.AuditVerification> {
  const repository = options.repository ?? new AuditRepository();
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number from 1, not ${batchSize}`);
  const head = await repository.head(sql);
  if (!head) return broken(0, { id: '1', reason: 'head_mismatch', message: 'The chain head row is missing' });

  let checked = 0;
  let lastId = 0n;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await repository.range(sql, lastId, head.seq, batchSize);
    for (const row of rows) {
      const failure = linkFailure(row, lastId + 1n, prevHash);
      if (failure) return broken(checked, failure);
      checked += 1;
      lastId = row.id;
      prevHash = row.hash;
    }
    if (rows.length > 0) options.onProgress?.({ checked, lastId: String(lastId) });
    if (rows.length < batchSize) break;
  }

  if (lastId < head.seq) {
    const missing = lastId + 1n;
    return broken(checked, { id: String(missing), reason: 'gap', message: `Entries ${missing} to ${head.seq} are missing: the chain head is at ${head.seq}` });
  }
  if (prevHash !== head.hash) {
    return broken(checked, { id: String(head.seq), reason: 'head_mismatch', message: `The chain head's hash is not entry ${head.seq}'s` });
  }
  const beyond = await repository.firstBeyondHead(sql);
  if (beyond !== undefined) {
    return broken(checked, { id: String(beyond), reason: 'head_mismatch', message: `Entry ${beyond} lies past the chain head: it was not appended through it` });
  }
  return { ok: true, checked, lastId: lastId === 0n ? null : String(lastId), headHash: prevHash };
}

function linkFailure(row: AuditRecord, expectedId: bigint, prevHash: string): Broken | undefined {
  if (row.id !== expectedId) {
    return { id: String(expectedId), reason: 'gap', message: `Entry ${expectedId} is missing: the next entry is ${row.id}` };
  }
  if (row.prevHash !== prevHash) {
    const previous = expectedId === 1n ? 'the chain start (64 zeros)' : `entry ${expectedId - 1n}'s hash`;
    return { id: String(row.id), reason: 'prev_hash_mismatch', message: `Entry ${row.id}'s prev_hash is not ${previous}` };
  }
  if (auditHash(row.prevHash, row) !== row.hash) {
    return { id: String(row.id), reason: 'hash_mismatch', message: `Entry ${row.id}'s content does not match its hash` };
  }
  return undefined;
}

function broken(checked: number, firstBroken: Broken): audit.AuditVerification {
  return { ok: false, checked, firstBroken };
}
