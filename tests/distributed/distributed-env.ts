import { connect } from 'nats';
import { TEST_JWT_SECRET, testEnvironment } from '../../libs/platform/src/testing/index';

/**
 * A Moleculer namespace of its own for one test run: nodes, channel streams and cache keys all
 * carry it, so parallel runs on the shared NATS and Redis never see each other.
 */
export function uniqueNamespace(): string {
  return `tw-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** The environment of a distributed node on the test servers, for parseConfig or a child process. */
export function distributedEnv(
  namespace: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    TILLWIRE_MODE: 'distributed',
    TILLWIRE_NAMESPACE: namespace,
    NATS_URL: testEnvironment.natsUrl,
    REDIS_URL: testEnvironment.redisUrl,
    LOG_LEVEL: 'warn',
    // Every API replica signs and checks tokens with the same key: distributed mode requires one.
    JWT_SECRET: TEST_JWT_SECRET,
    ...extra,
  };
}

/** Deletes the JetStream streams of a namespace's channels (their names begin with it), so a run leaves none behind. */
export async function deleteNamespaceStreams(namespace: string): Promise<void> {
  const nats = await connect({ servers: new URL(testEnvironment.natsUrl).host });
  try {
    const jsm = await nats.jetstreamManager();
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(namespace.split('.').join('_'))) await jsm.streams.delete(stream.config.name);
    }
  } finally {
    await nats.close();
  }
}
