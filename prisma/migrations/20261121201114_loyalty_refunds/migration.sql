-- AlterEnum
ALTER TYPE "loyalty"."entry_kind" ADD VALUE 'refund';

-- DropIndex
DROP INDEX "loyalty"."ledger_entries_transaction_id_kind_account_id_key";

-- AlterTable: entries written before refunds existed come from their transaction
ALTER TABLE "loyalty"."ledger_entries" ADD COLUMN     "source_id" UUID;
UPDATE "loyalty"."ledger_entries" SET "source_id" = "transaction_id";
ALTER TABLE "loyalty"."ledger_entries" ALTER COLUMN "source_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "ledger_entries_transaction_id_idx" ON "loyalty"."ledger_entries"("transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_source_id_kind_account_id_key" ON "loyalty"."ledger_entries"("source_id", "kind", "account_id");
