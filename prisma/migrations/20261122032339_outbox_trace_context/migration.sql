-- AlterTable
ALTER TABLE "platform"."outbox" ADD COLUMN     "trace_context" JSONB;
