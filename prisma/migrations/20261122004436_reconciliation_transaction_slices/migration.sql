-- AlterTable
ALTER TABLE "inventory"."stock_movements" ADD COLUMN     "transaction_id" UUID;

-- AlterTable
ALTER TABLE "terminals"."commands" ADD COLUMN     "transaction_id" UUID;

-- CreateIndex
CREATE INDEX "stock_movements_transaction_id_idx" ON "inventory"."stock_movements"("transaction_id");

-- CreateIndex
CREATE INDEX "commands_transaction_id_idx" ON "terminals"."commands"("transaction_id");

-- Backfill: reservation movements reference their transaction; terminal commands carry it in their request.
UPDATE "inventory"."stock_movements" SET "transaction_id" = "reference"::uuid
 WHERE "kind" IN ('reserve', 'release', 'commit')
   AND "reference" ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
UPDATE "terminals"."commands" SET "transaction_id" = ("request"->>'transactionId')::uuid
 WHERE "request"->>'transactionId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
