-- DropIndex
DROP INDEX "platform"."audit_log_actor_id_at_idx";

-- DropIndex
DROP INDEX "platform"."audit_log_entity_type_entity_id_idx";

-- AlterTable
ALTER TABLE "platform"."audit_log" ALTER COLUMN "id" DROP DEFAULT;
DROP SEQUENCE "platform"."audit_log_id_seq";

-- CreateTable
CREATE TABLE "platform"."audit_chain_head" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "seq" BIGINT NOT NULL,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_id_idx" ON "platform"."audit_log"("entity_type", "entity_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_id_idx" ON "platform"."audit_log"("actor_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_action_id_idx" ON "platform"."audit_log"("action", "id");

-- CreateIndex
CREATE INDEX "audit_log_terminal_id_id_idx" ON "platform"."audit_log"("terminal_id", "id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "platform"."audit_log"("at");

-- Hand-written below: what Prisma's schema language cannot say. (Above, the generated DROP SEQUENCE
-- named the sequence without its schema and failed; it is qualified by hand.)

-- The chain head has exactly one row (id 1, kept by the triggers below rather than a CHECK, which
-- Prisma's schema engine fails to introspect), started from the log as it stands (64 zeros while empty).
INSERT INTO "platform"."audit_chain_head" ("id", "seq", "prev_hash", "hash")
SELECT 1, COALESCE(last."id", 0), COALESCE(last."prev_hash", repeat('0', 64)), COALESCE(last."hash", repeat('0', 64))
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (SELECT "id", "prev_hash", "hash" FROM "platform"."audit_log" ORDER BY "id" DESC LIMIT 1) AS last ON true;

-- The audit trail is append-only: entries are never updated, deleted or truncated, and the head
-- only moves forward one entry at a time. Only a superuser disabling the triggers gets past this,
-- and what they change then breaks the hash chain.
CREATE FUNCTION "platform"."refuse_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on platform.% refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME
    USING HINT = 'Audit entries are written by appendAudit and never changed.';
END;
$$;

CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "platform"."audit_log"
  FOR EACH ROW EXECUTE FUNCTION "platform"."refuse_audit_change"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "platform"."audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform"."refuse_audit_change"();
CREATE TRIGGER "audit_chain_head_one_row" BEFORE INSERT ON "platform"."audit_chain_head"
  FOR EACH ROW WHEN (NEW."id" <> 1) EXECUTE FUNCTION "platform"."refuse_audit_change"();
CREATE TRIGGER "audit_chain_head_no_delete" BEFORE DELETE ON "platform"."audit_chain_head"
  FOR EACH ROW EXECUTE FUNCTION "platform"."refuse_audit_change"();
CREATE TRIGGER "audit_chain_head_no_truncate" BEFORE TRUNCATE ON "platform"."audit_chain_head"
  FOR EACH STATEMENT EXECUTE FUNCTION "platform"."refuse_audit_change"();
CREATE TRIGGER "audit_chain_head_forward_only" BEFORE UPDATE ON "platform"."audit_chain_head"
  FOR EACH ROW WHEN (NEW."id" <> OLD."id" OR NEW."seq" <> OLD."seq" + 1 OR NEW."prev_hash" <> OLD."hash")
  EXECUTE FUNCTION "platform"."refuse_audit_change"();
