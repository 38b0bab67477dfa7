/**
 * Where the integration tests find their servers: the same variables the platform reads,
 * defaulting to the local PostgreSQL, NATS and Redis. The one test file that reads process.env.
 */
export const testEnvironment = Object.freeze({
  postgresUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});

/** The URL of a database named `name` on the test PostgreSQL server. */
export function databaseUrl(name: string): string {
  const url = new URL(testEnvironment.postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
