-- AlterTable
ALTER TABLE "platform"."idempotency_keys" ADD COLUMN     "locked_until" TIMESTAMPTZ(3);
