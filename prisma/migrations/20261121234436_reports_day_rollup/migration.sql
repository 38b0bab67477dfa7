-- CreateTable
CREATE TABLE "reports"."terminal_day_sales" (
    "business_date" DATE NOT NULL,
    "terminal_id" VARCHAR(32) NOT NULL,
    "department_code" VARCHAR(32) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "dimension" VARCHAR(16) NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "count" BIGINT NOT NULL,
    "gross_minor" BIGINT NOT NULL,
    "discount_minor" BIGINT NOT NULL,
    "units" BIGINT NOT NULL,

    CONSTRAINT "terminal_day_sales_pkey" PRIMARY KEY ("business_date","terminal_id","department_code","currency","dimension","key")
);

-- CreateIndex
CREATE INDEX "transactions_completed_at_idx" ON "transactions"."transactions"("completed_at");

-- Backfill: the sales already projected, summed as the projection sums each new one.
INSERT INTO "reports"."terminal_day_sales" ("business_date", "terminal_id", "department_code", "currency", "dimension", "key", "count", "gross_minor", "discount_minor", "units")
SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 'operator', coalesce(s.operator_id, ''), count(*), sum(s.gross_minor), sum(s.discount_minor), 0
  FROM "reports"."sales" s GROUP BY 1, 2, 3, 4, 6
UNION ALL
SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 'department', d.department_code, count(*), sum(d.amount_minor), 0, sum(d.units)
  FROM "reports"."sale_departments" d JOIN "reports"."sales" s USING (transaction_id) GROUP BY 1, 2, 3, 4, 6
UNION ALL
SELECT s.business_date, s.terminal_id, s.department_code, s.currency, 'method', p.method, count(*), sum(p.amount_minor), 0, 0
  FROM "reports"."sale_payments" p JOIN "reports"."sales" s USING (transaction_id) GROUP BY 1, 2, 3, 4, 6;
