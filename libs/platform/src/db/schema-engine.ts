import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import * as engineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import type { SchemaFile } from './schema-files';


// lib is ES2023 without DOM, so the WebAssembly global is untyped here; this is the slice we use.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, object>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

/** SQL that takes the database behind `adapter` to the datamodel in `schemaFiles` ("" when they already match). */
export async function diffDatabaseToSchema(
  adapter: SqlDriverAdapterFactory,
  schemaFiles: ReadonlyArray<SchemaFile>,
): Promise<string> {
  const SchemaEngine = await loadSchemaEngine();
  const connections: SqlDriverAdapter[] = [];
  const factory = bindMigrationAwareSqlAdapterFactory(trackConnections(adapter, connections));
  const files = schemaFiles.map(({ path: filePath, content }) => ({ path: filePath, content }));
  let engine: engineGlue.SchemaEngine | undefined;
  try {
    // The callback receives the engine's tracing as JSON lines; nothing in them is ours to act on.
    engine = await SchemaEngine.new({ datamodels: files.map((file) => [file.path, file.content]) }, () => {}, factory);
    // Same request as `prisma migrate diff --from-config-datasource --to-schema <files> --script --exit-code`.
    const { exitCode, stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: process.cwd() },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    engine.free();
    engine = undefined;
    // An empty diff is exit code 0 with the script "-- This is an empty migration.\n".
    return exitCode === 0 ? '' : (stdout ?? '');
  } catch (error) {
    try {
      engine?.free();
    } catch {
      // A panicked engine stays borrowed and refuses to be freed; the panic is the error to report.
    }
    throw engineError(error, factory.errorRegistry);
  } finally {
    // engine.free() does not dispose the adapters it opened (a pg pool would keep its connections).
    await Promise.all(connections.map((connection) => connection.dispose()));
  }
}

let schemaEngineClass: Promise<typeof engineGlue.SchemaEngine> | undefined;
let lastPanic: string | undefined;

function loadSchemaEngine(): Promise<typeof engineGlue.SchemaEngine> {
  schemaEngineClass ??= (async () => {
    // The package's main entry imports the .wasm as an ES module, which neither plain Node nor Vite
    // can load, so wire the wasm-bindgen glue to the module by hand, as Prisma's CLI does.
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': engineGlue });
    engineGlue.__wbg_set_wasm(instance.exports);
    const start = instance.exports['__wbindgen_start'];
    if (typeof start === 'function') start();
    // The engine's panic hook reports through this global; without it a panic surfaces as a TypeError.
    const host = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
    host.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => (lastPanic = message) };
    return engineGlue.SchemaEngine;
  })();
  return schemaEngineClass;
}

/** The engine requires a migration-aware factory, but a database-to-datamodel diff never opens a shadow database. */
function trackConnections(
  factory: SqlDriverAdapterFactory,
  connections: SqlDriverAdapter[],
): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const connection = reportInternalCharAsText(await factory.connect());
      connections.push(connection);
      return connection;
    },
    connectToShadowDb: () => Promise.reject(new Error('diffDatabaseToSchema never uses a shadow database')),
  };
}

const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/**
 * The engine's catalog queries return PostgreSQL's one-byte "char" columns (pg_constraint.contype,
 * confdeltype, ...), which @prisma/adapter-pg rejects as an unsupported type; reading them as text
 * is exact. The engine's reads go through pool.query, never a transaction client.
 */
function reportInternalCharAsText(connection: SqlDriverAdapter): SqlDriverAdapter {
  const driver: unknown =
    'underlyingDriver' in connection && typeof connection.underlyingDriver === 'function'
      ? connection.underlyingDriver()
      : undefined;
  if (!(driver instanceof pg.Pool)) return connection;
  const pool = driver;
  const originalQuery = pool.query;
  // pg.Pool#query is heavily overloaded; @prisma/adapter-pg only calls the (config) => Promise form.
  const query = originalQuery.bind(pool) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  pool.query = (async (config: pg.QueryConfig) => {
    const result = await query(config);
    for (const field of result.fields) {
      if (field.dataTypeID === PG_INTERNAL_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
    return result;
  }) as typeof pool.query;
  const dispose = connection.dispose.bind(connection);
  connection.dispose = async () => {
    pool.query = originalQuery;
    await dispose();
  };
  return connection;
}

function engineError(error: unknown, registry: ErrorRegistry): unknown {
  if (lastPanic !== undefined) {
    const message = lastPanic;
    lastPanic = undefined;
    return new Error(`Prisma schema engine panicked: ${message}`, { cause: error });
  }
  // Errors thrown by the driver itself reach us only as "External error id#<n>"; the registry holds the original.
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  return (id === undefined ? undefined : registry.consumeError(Number(id))?.error) ?? error;
}
