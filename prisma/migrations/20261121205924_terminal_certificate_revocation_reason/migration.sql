-- AlterTable
ALTER TABLE "terminals"."certificates" ADD COLUMN     "revocation_reason" VARCHAR(200);
