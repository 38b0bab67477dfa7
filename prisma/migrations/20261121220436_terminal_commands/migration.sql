-- CreateEnum
CREATE TYPE "terminals"."terminal_command_state" AS ENUM ('queued', 'sent', 'answered', 'failed');

-- AlterTable
ALTER TABLE "terminals"."terminals" ADD COLUMN     "session_node" VARCHAR(200);

-- CreateTable
CREATE TABLE "terminals"."commands" (
    "terminal_id" VARCHAR(32) NOT NULL,
    "service_id" VARCHAR(10) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "request" JSONB NOT NULL,
    "state" "terminals"."terminal_command_state" NOT NULL DEFAULT 'queued',
    "reply" JSONB,
    "failure" VARCHAR(32),
    "sent_by" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "commands_pkey" PRIMARY KEY ("terminal_id","service_id")
);

-- CreateIndex
CREATE INDEX "commands_terminal_id_state_idx" ON "terminals"."commands"("terminal_id", "state");

-- AddForeignKey
ALTER TABLE "terminals"."commands" ADD CONSTRAINT "commands_terminal_id_fkey" FOREIGN KEY ("terminal_id") REFERENCES "terminals"."terminals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
