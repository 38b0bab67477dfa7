-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "departments";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "inventory";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "loyalty";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "platform";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "reports";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "terminals";

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "transactions";

-- CreateEnum
CREATE TYPE "departments"."ledger_entry_kind" AS ENUM ('sale', 'refund', 'reversal');

-- CreateEnum
CREATE TYPE "inventory"."reservation_status" AS ENUM ('active', 'released', 'committed', 'expired');

-- CreateEnum
CREATE TYPE "inventory"."movement_kind" AS ENUM ('receipt', 'adjust', 'reserve', 'release', 'commit', 'restock');

-- CreateEnum
CREATE TYPE "loyalty"."entry_kind" AS ENUM ('accrue', 'redeem', 'reverse');

-- CreateEnum
CREATE TYPE "platform"."saga_status" AS ENUM ('running', 'compensating', 'completed', 'compensated', 'failed');

-- CreateEnum
CREATE TYPE "platform"."saga_step_phase" AS ENUM ('invoke', 'compensate');

-- CreateEnum
CREATE TYPE "platform"."saga_step_status" AS ENUM ('started', 'succeeded', 'failed');

-- CreateEnum
CREATE TYPE "platform"."idempotency_status" AS ENUM ('in_progress', 'completed');

-- CreateEnum
CREATE TYPE "platform"."role" AS ENUM ('operator', 'supervisor', 'admin', 'finance');

-- CreateEnum
CREATE TYPE "reports"."reconciliation_status" AS ENUM ('running', 'clean', 'mismatched', 'failed');

-- CreateEnum
CREATE TYPE "terminals"."terminal_vendor" AS ENUM ('simulator', 'nexo');

-- CreateEnum
CREATE TYPE "terminals"."terminal_status" AS ENUM ('online', 'offline', 'busy', 'error');

-- CreateEnum
CREATE TYPE "terminals"."terminal_event_type" AS ENUM ('connected', 'disconnected', 'printed', 'error', 'ack', 'status');

-- CreateEnum
CREATE TYPE "transactions"."transaction_status" AS ENUM ('pending', 'reserved', 'completing', 'completed', 'cancelled', 'expired', 'failed', 'partially_refunded', 'refunded');

-- CreateEnum
CREATE TYPE "transactions"."payment_method" AS ENUM ('cash', 'card', 'points');

-- CreateEnum
CREATE TYPE "transactions"."payment_status" AS ENUM ('pending', 'approved', 'declined', 'reversed', 'refunded');

-- CreateEnum
CREATE TYPE "transactions"."payment_attempt_status" AS ENUM ('pending', 'approved', 'declined', 'unknown', 'aborted', 'reversed');

-- CreateTable
CREATE TABLE "departments"."departments" (
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "departments_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "departments"."ledger_entries" (
    "id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "kind" "departments"."ledger_entry_kind" NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "tax_minor" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."products" (
    "sku" VARCHAR(64) NOT NULL,
    "barcode" VARCHAR(64),
    "name" VARCHAR(200) NOT NULL,
    "price_minor" BIGINT NOT NULL,
    "tax_rate_bp" INTEGER NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "products_pkey" PRIMARY KEY ("sku")
);

-- CreateTable
CREATE TABLE "inventory"."locations" (
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "locations_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "inventory"."stock_levels" (
    "sku" VARCHAR(64) NOT NULL,
    "location_code" VARCHAR(32) NOT NULL,
    "on_hand" INTEGER NOT NULL,
    "reserved" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stock_levels_pkey" PRIMARY KEY ("sku","location_code")
);

-- CreateTable
CREATE TABLE "inventory"."reservations" (
    "id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "location_code" VARCHAR(32) NOT NULL,
    "quantity" INTEGER NOT NULL,
    "status" "inventory"."reservation_status" NOT NULL DEFAULT 'active',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reservations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."stock_movements" (
    "id" BIGSERIAL NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "location_code" VARCHAR(32) NOT NULL,
    "kind" "inventory"."movement_kind" NOT NULL,
    "on_hand_delta" INTEGER NOT NULL,
    "reserved_delta" INTEGER NOT NULL,
    "reference" VARCHAR(64),
    "reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loyalty"."accounts" (
    "id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "email" VARCHAR(254),
    "tier" VARCHAR(32) NOT NULL DEFAULT 'bronze',
    "balance_points" BIGINT NOT NULL DEFAULT 0,
    "lifetime_points" BIGINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "loyalty"."ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "account_id" VARCHAR(64) NOT NULL,
    "transaction_id" UUID NOT NULL,
    "kind" "loyalty"."entry_kind" NOT NULL,
    "points" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."saga_instances" (
    "id" UUID NOT NULL,
    "saga_name" VARCHAR(64) NOT NULL,
    "correlation_id" VARCHAR(64) NOT NULL,
    "status" "platform"."saga_status" NOT NULL DEFAULT 'running',
    "context" JSONB NOT NULL DEFAULT '{}',
    "owner_node_id" VARCHAR(128),
    "lease_until" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "saga_instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."saga_steps" (
    "id" BIGSERIAL NOT NULL,
    "saga_id" UUID NOT NULL,
    "step_id" VARCHAR(64) NOT NULL,
    "phase" "platform"."saga_step_phase" NOT NULL,
    "status" "platform"."saga_step_status" NOT NULL,
    "output" JSONB,
    "error" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "saga_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."idempotency_keys" (
    "scope" VARCHAR(128) NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "request_hash" CHAR(64) NOT NULL,
    "status" "platform"."idempotency_status" NOT NULL DEFAULT 'in_progress',
    "response_status" INTEGER,
    "response_body" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "platform"."outbox" (
    "id" BIGSERIAL NOT NULL,
    "channel" VARCHAR(128) NOT NULL,
    "aggregate_type" VARCHAR(64) NOT NULL,
    "aggregate_id" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" VARCHAR(64),
    "actor_role" VARCHAR(32),
    "action" VARCHAR(128) NOT NULL,
    "entity_type" VARCHAR(64) NOT NULL,
    "entity_id" VARCHAR(128) NOT NULL,
    "terminal_id" VARCHAR(32),
    "ip" VARCHAR(64),
    "before" JSONB,
    "after" JSONB,
    "prev_hash" CHAR(64) NOT NULL,
    "hash" CHAR(64) NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."users" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(120) NOT NULL,
    "password_hash" TEXT,
    "pin_hash" TEXT,
    "department_code" VARCHAR(32),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform"."user_roles" (
    "user_id" UUID NOT NULL,
    "role" "platform"."role" NOT NULL,

    CONSTRAINT "user_roles_pkey" PRIMARY KEY ("user_id","role")
);

-- CreateTable
CREATE TABLE "platform"."refresh_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports"."terminal_day_summaries" (
    "terminal_id" VARCHAR(32) NOT NULL,
    "business_date" DATE NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "transaction_count" INTEGER NOT NULL DEFAULT 0,
    "gross_minor" BIGINT NOT NULL DEFAULT 0,
    "refund_minor" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "terminal_day_summaries_pkey" PRIMARY KEY ("terminal_id","business_date")
);

-- CreateTable
CREATE TABLE "reports"."reconciliation_runs" (
    "id" UUID NOT NULL,
    "business_date" DATE NOT NULL,
    "status" "reports"."reconciliation_status" NOT NULL DEFAULT 'running',
    "summary" JSONB,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "reconciliation_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports"."reconciliation_items" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "reference" VARCHAR(128) NOT NULL,
    "expected_minor" BIGINT,
    "actual_minor" BIGINT,
    "details" JSONB,

    CONSTRAINT "reconciliation_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terminals"."terminals" (
    "id" VARCHAR(32) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "location_code" VARCHAR(32) NOT NULL,
    "vendor" "terminals"."terminal_vendor" NOT NULL,
    "status" "terminals"."terminal_status" NOT NULL DEFAULT 'offline',
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "terminals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "terminals"."certificates" (
    "serial_number" VARCHAR(64) NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "fingerprint" VARCHAR(128) NOT NULL,
    "pem" TEXT NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "certificates_pkey" PRIMARY KEY ("serial_number")
);

-- CreateTable
CREATE TABLE "terminals"."events" (
    "id" BIGSERIAL NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "type" "terminals"."terminal_event_type" NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions"."transactions" (
    "id" UUID NOT NULL,
    "receipt_number" BIGSERIAL NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "operator_id" UUID,
    "customer_id" VARCHAR(64),
    "status" "transactions"."transaction_status" NOT NULL DEFAULT 'pending',
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "subtotal_minor" BIGINT NOT NULL DEFAULT 0,
    "discount_minor" BIGINT NOT NULL DEFAULT 0,
    "tax_minor" BIGINT NOT NULL DEFAULT 0,
    "total_minor" BIGINT NOT NULL DEFAULT 0,
    "discount" JSONB,
    "reservation_expires_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions"."transaction_lines" (
    "transaction_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_minor" BIGINT NOT NULL,
    "tax_rate_bp" INTEGER NOT NULL,
    "discount_minor" BIGINT NOT NULL DEFAULT 0,
    "tax_minor" BIGINT NOT NULL,
    "line_total_minor" BIGINT NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "refunded_quantity" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "transaction_lines_pkey" PRIMARY KEY ("transaction_id","line_no")
);

-- CreateTable
CREATE TABLE "transactions"."status_changes" (
    "id" BIGSERIAL NOT NULL,
    "transaction_id" UUID NOT NULL,
    "from_status" "transactions"."transaction_status",
    "to_status" "transactions"."transaction_status" NOT NULL,
    "reason" VARCHAR(500),
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "status_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions"."payments" (
    "id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "method" "transactions"."payment_method" NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "tendered_minor" BIGINT,
    "change_minor" BIGINT,
    "refunded_minor" BIGINT NOT NULL DEFAULT 0,
    "status" "transactions"."payment_status" NOT NULL DEFAULT 'pending',
    "reference" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions"."payment_attempts" (
    "id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "service_id" VARCHAR(10) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "status" "transactions"."payment_attempt_status" NOT NULL DEFAULT 'pending',
    "response" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions"."refunds" (
    "id" UUID NOT NULL,
    "transaction_id" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transactions"."refund_lines" (
    "refund_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "sku" VARCHAR(64) NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount_minor" BIGINT NOT NULL,

    CONSTRAINT "refund_lines_pkey" PRIMARY KEY ("refund_id","line_no")
);

-- CreateIndex
CREATE INDEX "ledger_entries_transaction_id_idx" ON "departments"."ledger_entries"("transaction_id");

-- CreateIndex
CREATE INDEX "ledger_entries_department_code_created_at_idx" ON "departments"."ledger_entries"("department_code", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_source_id_line_no_kind_key" ON "departments"."ledger_entries"("source_id", "line_no", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "products_barcode_key" ON "inventory"."products"("barcode");

-- CreateIndex
CREATE INDEX "products_department_code_idx" ON "inventory"."products"("department_code");

-- CreateIndex
CREATE INDEX "products_name_idx" ON "inventory"."products"("name");

-- CreateIndex
CREATE INDEX "stock_levels_location_code_idx" ON "inventory"."stock_levels"("location_code");

-- CreateIndex
CREATE INDEX "reservations_status_expires_at_idx" ON "inventory"."reservations"("status", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "reservations_transaction_id_sku_location_code_key" ON "inventory"."reservations"("transaction_id", "sku", "location_code");

-- CreateIndex
CREATE INDEX "stock_movements_sku_location_code_idx" ON "inventory"."stock_movements"("sku", "location_code");

-- CreateIndex
CREATE INDEX "stock_movements_reference_idx" ON "inventory"."stock_movements"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_email_key" ON "loyalty"."accounts"("email");

-- CreateIndex
CREATE INDEX "ledger_entries_account_id_created_at_idx" ON "loyalty"."ledger_entries"("account_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_transaction_id_kind_account_id_key" ON "loyalty"."ledger_entries"("transaction_id", "kind", "account_id");

-- CreateIndex
CREATE INDEX "saga_instances_status_lease_until_idx" ON "platform"."saga_instances"("status", "lease_until");

-- CreateIndex
CREATE UNIQUE INDEX "saga_instances_saga_name_correlation_id_key" ON "platform"."saga_instances"("saga_name", "correlation_id");

-- CreateIndex
CREATE UNIQUE INDEX "saga_steps_saga_id_step_id_phase_key" ON "platform"."saga_steps"("saga_id", "step_id", "phase");

-- CreateIndex
CREATE INDEX "idempotency_keys_expires_at_idx" ON "platform"."idempotency_keys"("expires_at");

-- CreateIndex
CREATE INDEX "outbox_published_at_id_idx" ON "platform"."outbox"("published_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_hash_key" ON "platform"."audit_log"("hash");

-- CreateIndex
CREATE INDEX "audit_log_entity_type_entity_id_idx" ON "platform"."audit_log"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "platform"."audit_log"("actor_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "platform"."users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "platform"."refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_tokens_user_id_idx" ON "platform"."refresh_tokens"("user_id");

-- CreateIndex
CREATE INDEX "reconciliation_runs_business_date_idx" ON "reports"."reconciliation_runs"("business_date");

-- CreateIndex
CREATE INDEX "reconciliation_items_run_id_idx" ON "reports"."reconciliation_items"("run_id");

-- CreateIndex
CREATE INDEX "terminals_department_code_idx" ON "terminals"."terminals"("department_code");

-- CreateIndex
CREATE UNIQUE INDEX "certificates_fingerprint_key" ON "terminals"."certificates"("fingerprint");

-- CreateIndex
CREATE INDEX "certificates_terminal_id_idx" ON "terminals"."certificates"("terminal_id");

-- CreateIndex
CREATE INDEX "events_terminal_id_occurred_at_idx" ON "terminals"."events"("terminal_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "transactions_receipt_number_key" ON "transactions"."transactions"("receipt_number");

-- CreateIndex
CREATE INDEX "transactions_terminal_id_created_at_idx" ON "transactions"."transactions"("terminal_id", "created_at");

-- CreateIndex
CREATE INDEX "transactions_status_reservation_expires_at_idx" ON "transactions"."transactions"("status", "reservation_expires_at");

-- CreateIndex
CREATE INDEX "status_changes_transaction_id_at_idx" ON "transactions"."status_changes"("transaction_id", "at");

-- CreateIndex
CREATE INDEX "payments_transaction_id_idx" ON "transactions"."payments"("transaction_id");

-- CreateIndex
CREATE INDEX "payment_attempts_payment_id_idx" ON "transactions"."payment_attempts"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_attempts_terminal_id_service_id_key" ON "transactions"."payment_attempts"("terminal_id", "service_id");

-- CreateIndex
CREATE INDEX "refunds_transaction_id_idx" ON "transactions"."refunds"("transaction_id");

-- AddForeignKey
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_sku_fkey" FOREIGN KEY ("sku") REFERENCES "inventory"."products"("sku") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."stock_levels" ADD CONSTRAINT "stock_levels_location_code_fkey" FOREIGN KEY ("location_code") REFERENCES "inventory"."locations"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "loyalty"."ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "loyalty"."accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform"."saga_steps" ADD CONSTRAINT "saga_steps_saga_id_fkey" FOREIGN KEY ("saga_id") REFERENCES "platform"."saga_instances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform"."user_roles" ADD CONSTRAINT "user_roles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "platform"."users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "platform"."refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "platform"."users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports"."reconciliation_items" ADD CONSTRAINT "reconciliation_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "reports"."reconciliation_runs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terminals"."certificates" ADD CONSTRAINT "certificates_terminal_id_fkey" FOREIGN KEY ("terminal_id") REFERENCES "terminals"."terminals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "terminals"."events" ADD CONSTRAINT "events_terminal_id_fkey" FOREIGN KEY ("terminal_id") REFERENCES "terminals"."terminals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions"."transaction_lines" ADD CONSTRAINT "transaction_lines_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"."transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions"."status_changes" ADD CONSTRAINT "status_changes_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"."transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions"."payments" ADD CONSTRAINT "payments_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"."transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions"."payment_attempts" ADD CONSTRAINT "payment_attempts_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "transactions"."payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions"."refunds" ADD CONSTRAINT "refunds_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "transactions"."transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transactions"."refund_lines" ADD CONSTRAINT "refund_lines_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "transactions"."refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
