import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDatabaseToSchema } from '../../libs/platform/src/db/schema-engine';
import type { SchemaFile } from '../../libs/platform/src/db/schema-files';
import { databaseUrl, testEnvironment, uniqueName } from '../../libs/platform/src/testing/index';

const main: SchemaFile = {
  path: 'schema.prisma',
  content: `generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
  schemas  = ["alpha", "beta"]
}
`,
};

function schema(extraWidgetField = ''): SchemaFile[] {
  const models = `enum WidgetKind {
  SIMPLE
  BUNDLE

  @@schema("alpha")
}

model Widget {
  id         String     @id
  sku        String     @unique
  kind       WidgetKind
  priceMinor BigInt
  createdAt  DateTime   @default(now())
  gadgets    Gadget[]
  ${extraWidgetField}

  @@index([kind, createdAt])
  @@schema("alpha")
}

model Gadget {
  id          Int    @id @default(autoincrement())
  widgetSku   String
  amountMinor BigInt @default(0)
  widget      Widget @relation(fields: [widgetSku], references: [sku])

  @@index([widgetSku])
  @@schema("beta")
}
`;
  return [main, { path: 'catalog.prisma', content: models }];
}

function expectFullInitialMigration(sql: string): void {
  expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "alpha";');
  expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "beta";');
  expect(sql).toContain(`CREATE TYPE "alpha"."WidgetKind" AS ENUM ('SIMPLE', 'BUNDLE');`);
  expect(sql).toContain('CREATE TABLE "alpha"."Widget"');
  expect(sql).toContain('CREATE TABLE "beta"."Gadget"');
  expect(sql).toContain('"amountMinor" BIGINT NOT NULL DEFAULT 0');
  expect(sql).toContain('CREATE UNIQUE INDEX "Widget_sku_key" ON "alpha"."Widget"("sku");');
  expect(sql).toContain('CREATE INDEX "Widget_kind_createdAt_idx" ON "alpha"."Widget"("kind", "createdAt");');
  expect(sql).toContain('ALTER TABLE "beta"."Gadget" ADD CONSTRAINT "Gadget_widgetSku_fkey" FOREIGN KEY ("widgetSku")');
}

const ADD_NOTE_COLUMN = /^-- AlterTable\nALTER TABLE "alpha"\."Widget" ADD COLUMN\s+"note" TEXT;\n$/;

describe('diffDatabaseToSchema on in-memory PGlite', { timeout: 60_000 }, () => {
  const pglite = new PGlite();
  afterAll(() => pglite.close());
  let initial = '';

  it('yields the full initial migration for an empty database', async () => {
    initial = await diffDatabaseToSchema(new PrismaPGlite(pglite), schema());
    expectFullInitialMigration(initial);
  });

  it('yields "" once that migration is applied', async () => {
    await pglite.exec(initial);
    expect(await diffDatabaseToSchema(new PrismaPGlite(pglite), schema())).toBe('');
  });

  it('yields only an ADD COLUMN when the schema gains a field', async () => {
    expect(await diffDatabaseToSchema(new PrismaPGlite(pglite), schema('note String?'))).toMatch(ADD_NOTE_COLUMN);
  });
});

describe('diffDatabaseToSchema on PostgreSQL via @prisma/adapter-pg', { timeout: 60_000 }, () => {
  const database = uniqueName('tw_schema_engine');
  const url = databaseUrl(database);
  const admin = new pg.Client(testEnvironment.postgresUrl);
  let initial = '';

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
  });
  afterAll(async () => {
    // No FORCE: the drop fails if diffDatabaseToSchema left a connection open.
    await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
    await admin.end();
  });

  it('yields the full initial migration for an empty database', async () => {
    initial = await diffDatabaseToSchema(new PrismaPg({ connectionString: url }), schema());
    expectFullInitialMigration(initial);
  });

  it('yields "" once that migration is applied', async () => {
    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query(initial);
    } finally {
      await client.end();
    }
    expect(await diffDatabaseToSchema(new PrismaPg({ connectionString: url }), schema())).toBe('');
  });

  it('yields only an ADD COLUMN when the schema gains a field', async () => {
    const sql = await diffDatabaseToSchema(new PrismaPg({ connectionString: url }), schema('note String?'));
    expect(sql).toMatch(ADD_NOTE_COLUMN);
  });
});
