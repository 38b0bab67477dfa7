-- AlterTable
ALTER TABLE "platform"."users" ADD COLUMN     "tokens_valid_after" TIMESTAMPTZ(3);
