-- CreateEnum
CREATE TYPE "platform"."dead_letter_status" AS ENUM ('dead', 'replayed', 'discarded');

-- CreateTable
CREATE TABLE "platform"."dead_letters" (
    "id" UUID NOT NULL,
    "channel" VARCHAR(128) NOT NULL,
    "payload" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "first_failed_at" TIMESTAMPTZ(3) NOT NULL,
    "dead_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "platform"."dead_letter_status" NOT NULL DEFAULT 'dead',
    "resolved_at" TIMESTAMPTZ(3),
    "resolution_reason" VARCHAR(200),

    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dead_letters_status_dead_at_idx" ON "platform"."dead_letters"("status", "dead_at");
