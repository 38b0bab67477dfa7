-- AlterTable
ALTER TABLE "transactions"."payments" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;
