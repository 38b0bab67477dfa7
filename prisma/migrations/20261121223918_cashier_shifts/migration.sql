-- CreateEnum
CREATE TYPE "transactions"."shift_status" AS ENUM ('open', 'closed');

-- AlterTable
ALTER TABLE "transactions"."refunds" ADD COLUMN     "cash_minor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "shift_id" UUID;

-- AlterTable
ALTER TABLE "transactions"."transactions" ADD COLUMN     "shift_id" UUID;

-- CreateTable
CREATE TABLE "transactions"."shifts" (
    "id" UUID NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "operator_id" VARCHAR(64) NOT NULL,
    "shift_number" INTEGER NOT NULL,
    "status" "transactions"."shift_status" NOT NULL DEFAULT 'open',
    "opening_float_minor" BIGINT NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "counted_cash_minor" BIGINT,
    "expected_cash_minor" BIGINT,
    "cash_sales_minor" BIGINT,
    "cash_refunds_minor" BIGINT,
    "change_given_minor" BIGINT,
    "card_sales_minor" BIGINT,
    "points_sales_minor" BIGINT,
    "transaction_count" INTEGER,

    CONSTRAINT "shifts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "shifts_terminal_id_shift_number_key" ON "transactions"."shifts"("terminal_id", "shift_number");

-- CreateIndex
CREATE UNIQUE INDEX "shifts_one_open_per_terminal" ON "transactions"."shifts"("terminal_id") WHERE (status = 'open');

-- CreateIndex
CREATE INDEX "refunds_shift_id_idx" ON "transactions"."refunds"("shift_id");

-- CreateIndex
CREATE INDEX "transactions_shift_id_idx" ON "transactions"."transactions"("shift_id");
