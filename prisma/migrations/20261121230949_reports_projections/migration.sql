-- CreateEnum
CREATE TYPE "reports"."reconciliation_state" AS ENUM ('running', 'completed', 'failed');


-- DropForeignKey
ALTER TABLE "reports"."reconciliation_items" DROP CONSTRAINT "reconciliation_items_run_id_fkey";

-- DropTable
DROP TABLE "reports"."reconciliation_items";

-- DropTable
DROP TABLE "reports"."reconciliation_runs";

-- DropTable
DROP TABLE "reports"."terminal_day_summaries";

-- ReplaceEnum (edited by hand: the generated ALTER ran before the tables using it existed)
DROP TYPE "reports"."reconciliation_status";
CREATE TYPE "reports"."reconciliation_status" AS ENUM ('ok', 'warn', 'fail');

-- CreateTable
CREATE TABLE "reports"."sales" (
    "transaction_id" UUID NOT NULL,
    "business_date" DATE NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "operator_id" VARCHAR(64),
    "shift_id" UUID,
    "currency" CHAR(3) NOT NULL,
    "gross_minor" BIGINT NOT NULL,
    "discount_minor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "sales_pkey" PRIMARY KEY ("transaction_id")
);

-- CreateTable
CREATE TABLE "reports"."sale_payments" (
    "transaction_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "business_date" DATE NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "method" VARCHAR(16) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "change_minor" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "sale_payments_pkey" PRIMARY KEY ("transaction_id","position")
);

-- CreateTable
CREATE TABLE "reports"."sale_departments" (
    "transaction_id" UUID NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "business_date" DATE NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "units" INTEGER NOT NULL,

    CONSTRAINT "sale_departments_pkey" PRIMARY KEY ("transaction_id","department_code")
);

-- CreateTable
CREATE TABLE "reports"."refunds" (
    "refund_id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "business_date" DATE NOT NULL,
    "refunded_at" TIMESTAMPTZ(3) NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "cash_minor" BIGINT NOT NULL DEFAULT 0,
    "departments" JSONB NOT NULL DEFAULT '[]',
    "payments" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("refund_id")
);

-- CreateTable
CREATE TABLE "reports"."reconciliations" (
    "id" UUID NOT NULL,
    "business_date" DATE NOT NULL,
    "state" "reports"."reconciliation_state" NOT NULL DEFAULT 'running',
    "status" "reports"."reconciliation_status",
    "warn_threshold_bp" INTEGER NOT NULL,
    "fail_threshold_bp" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "error" VARCHAR(500),
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconciliations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports"."reconciliation_lines" (
    "reconciliation_id" UUID NOT NULL,
    "scope" VARCHAR(16) NOT NULL,
    "key" VARCHAR(32) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "expected_minor" BIGINT NOT NULL,
    "reported_minor" BIGINT NOT NULL,
    "variance_minor" BIGINT NOT NULL,
    "variance_bp" BIGINT,
    "status" "reports"."reconciliation_status" NOT NULL,
    "reason" VARCHAR(64),

    CONSTRAINT "reconciliation_lines_pkey" PRIMARY KEY ("reconciliation_id","scope","key")
);

-- CreateTable
CREATE TABLE "reports"."reconciliation_mismatches" (
    "id" BIGSERIAL NOT NULL,
    "reconciliation_id" UUID NOT NULL,
    "kind" VARCHAR(48) NOT NULL,
    "scope" VARCHAR(16) NOT NULL,
    "key" VARCHAR(32) NOT NULL,
    "transaction_id" VARCHAR(64),
    "reference" VARCHAR(128),
    "expected_minor" BIGINT,
    "reported_minor" BIGINT,

    CONSTRAINT "reconciliation_mismatches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sales_business_date_terminal_id_idx" ON "reports"."sales"("business_date", "terminal_id");

-- CreateIndex
CREATE INDEX "sales_shift_id_idx" ON "reports"."sales"("shift_id");

-- CreateIndex
CREATE INDEX "sale_payments_business_date_terminal_id_idx" ON "reports"."sale_payments"("business_date", "terminal_id");

-- CreateIndex
CREATE INDEX "sale_departments_business_date_department_code_idx" ON "reports"."sale_departments"("business_date", "department_code");

-- CreateIndex
CREATE INDEX "refunds_business_date_terminal_id_idx" ON "reports"."refunds"("business_date", "terminal_id");

-- CreateIndex
CREATE INDEX "refunds_transaction_id_idx" ON "reports"."refunds"("transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "reconciliations_business_date_key" ON "reports"."reconciliations"("business_date");

-- CreateIndex
CREATE INDEX "reconciliation_mismatches_reconciliation_id_idx" ON "reports"."reconciliation_mismatches"("reconciliation_id");

-- CreateIndex
CREATE INDEX "stock_movements_kind_created_at_idx" ON "inventory"."stock_movements"("kind", "created_at");

-- CreateIndex
CREATE INDEX "commands_kind_created_at_idx" ON "terminals"."commands"("kind", "created_at");

-- AddForeignKey
ALTER TABLE "reports"."reconciliation_lines" ADD CONSTRAINT "reconciliation_lines_reconciliation_id_fkey" FOREIGN KEY ("reconciliation_id") REFERENCES "reports"."reconciliations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports"."reconciliation_mismatches" ADD CONSTRAINT "reconciliation_mismatches_reconciliation_id_fkey" FOREIGN KEY ("reconciliation_id") REFERENCES "reports"."reconciliations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
