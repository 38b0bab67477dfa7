import type { SqlExecutor } from '../db/sql-executor';
import type { AuditFields, JsonValue } from './audit-canonical';

/** A row of `platform.audit_log`. */
export interface AuditRecord extends AuditFields {
  prevHash: string;
  hash: string;
}

/** An entry to append: its fields but the id, which the chain head gives, and the time when the database is to choose it. */
export interface NewAuditRow extends Omit<AuditFields, 'id' | 'at'> {
  at: Date | null;
  /** `canonicalAuditBody` of the fields, hashed after the id and time. */
  canonicalBody: string;
}

/** The end of the chain: the last entry's id (0 when empty) and hash (64 zeros when empty). */
export interface ChainHead {
  seq: bigint;
  hash: string;
}

export interface AuditFilter {
  actorId?: string | undefined;
  /** Exact action. */
  action?: string | undefined;
  /** Actions starting with this text. */
  actionPrefix?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  terminalId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Ids smaller than this. */
  before?: bigint | undefined;
  limit: number;
}

const COLUMNS = `id, at, actor_id AS "actorId", actor_role AS "actorRole", action, entity_type AS "entityType",
  entity_id AS "entityId", terminal_id AS "terminalId", ip, before, after, prev_hash AS "prevHash", hash`;

/**
 * A write that an append makes in its own statement, as one more data-modifying CTE, so that it
 * commits with the entry or not at all: a statement over its own parameters `$1…` (no other `$` in
 * its text). It runs once the entry is inserted, which it may read as `appended`: write nothing
 * without that row, so that a chain head that could not move leaves it undone too.
 */
export interface AppendedWrite {
  statement: string;
  params: readonly unknown[];
}

/**
 * One statement appends: it moves the one-row chain head forward and inserts the entry with the
 * head's new seq and hash. The UPDATE locks the head row, so concurrent appends (any process, any
 * pool) queue on it; a waiting one, at READ COMMITTED, re-reads the head its predecessor committed
 * and hashes from there. So the chain never forks and ids never skip: a rolled-back append rolls
 * back its seq too. Hash input: `canonicalAuditEntry` in audit-canonical.ts, built here in SQL.
 */
const ADVANCE_HEAD = `
WITH entry AS (
  SELECT COALESCE($1::timestamptz, statement_timestamp())::timestamptz(3) AS at
), head AS (
  UPDATE platform.audit_chain_head AS h
     SET seq = h.seq + 1,
         prev_hash = h.hash,
         hash = encode(sha256(convert_to(
           h.hash || (h.seq + 1)::text || E'\\n'
             || to_char(entry.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\\n'
             || $2::text,
           'UTF8')), 'hex')
    FROM entry
   WHERE h.id = 1
  RETURNING h.seq, h.prev_hash, h.hash, entry.at
)`;

const INSERT_ENTRY = `
INSERT INTO platform.audit_log (id, at, actor_id, actor_role, action, entity_type, entity_id, terminal_id, ip, before, after, prev_hash, hash)
SELECT head.seq, head.at, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, head.prev_hash, head.hash FROM head
RETURNING ${COLUMNS}`;

/** How many parameters the append binds: a write made alongside numbers its own after them. */
const APPEND_PARAMS = 11;

const APPEND = `${ADVANCE_HEAD}${INSERT_ENTRY}`;

/** The append with `write` in its statement, answering the entry as APPEND does. */
function appendWith(write: AppendedWrite): string {
  const statement = write.statement.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + APPEND_PARAMS}`);
  return `${ADVANCE_HEAD}, appended AS (${INSERT_ENTRY}
), alongside AS (${statement})
SELECT * FROM appended`;
}

/** The audit log in the `platform` schema: appended through the chain head, never updated. */
export class AuditRepository {
  /** Appends `row`, and makes `alongside` in the same statement when given. */
  async append(sql: SqlExecutor, row: NewAuditRow, alongside?: AppendedWrite): Promise<AuditRecord> {
    const [stored] = await sql.query<AuditRecord>(alongside ? appendWith(alongside) : APPEND, [
      row.at,
      row.canonicalBody,
      row.actorId,
      row.actorRole,
      row.action,
      row.entityType,
      row.entityId,
      row.terminalId,
      row.ip,
      jsonParam(row.before),
      jsonParam(row.after),
      ...(alongside?.params ?? []),
    ]);
    if (!stored) throw new Error('platform.audit_chain_head has no row: the audit chain cannot be extended (run the migrations)');
    return stored;
  }

  async head(sql: SqlExecutor): Promise<ChainHead | undefined> {
    const [head] = await sql.query<ChainHead>('SELECT seq, hash FROM platform.audit_chain_head WHERE id = 1');
    return head;
  }

  /** Entries with `afterId < id <= throughId`, oldest first, at most `limit`. */
  async range(sql: SqlExecutor, afterId: bigint, throughId: bigint, limit: number): Promise<AuditRecord[]> {
    return sql.query<AuditRecord>(
      `SELECT ${COLUMNS} FROM platform.audit_log WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
      [afterId, throughId, limit],
    );
  }

  /** The first entry past the chain head, read in one snapshot with the head; none unless someone wrote around appendAudit. */
  async firstBeyondHead(sql: SqlExecutor): Promise<bigint | undefined> {
    const [row] = await sql.query<{ id: bigint }>(
      `SELECT id FROM platform.audit_log WHERE id > (SELECT seq FROM platform.audit_chain_head WHERE id = 1) ORDER BY id LIMIT 1`,
    );
    return row?.id;
  }

  /** Newest first. */
  async list(sql: SqlExecutor, filter: AuditFilter): Promise<AuditRecord[]> {
    return sql.query<AuditRecord>(
      `SELECT ${COLUMNS} FROM platform.audit_log
        WHERE ($1::text IS NULL OR actor_id = $1)
          AND ($2::text IS NULL OR action = $2)
          AND ($3::text IS NULL OR starts_with(action, $3))
          AND ($4::text IS NULL OR entity_type = $4)
          AND ($5::text IS NULL OR entity_id = $5)
          AND ($6::text IS NULL OR terminal_id = $6)
          AND ($7::timestamptz IS NULL OR at >= $7)
          AND ($8::timestamptz IS NULL OR at < $8)
          AND ($9::bigint IS NULL OR id < $9)
        ORDER BY id DESC
        LIMIT $10`,
      [
        filter.actorId ?? null,
        filter.action ?? null,
        filter.actionPrefix ?? null,
        filter.entityType ?? null,
        filter.entityId ?? null,
        filter.terminalId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.before ?? null,
        filter.limit,
      ],
    );
  }
}

/** Stringified here: the driver would turn a top-level array into a PostgreSQL array. */
function jsonParam(value: JsonValue | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
