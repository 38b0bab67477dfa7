import net from 'node:net';
import { testEnvironment } from '../../libs/platform/src/testing/index';

const START_HINTS: Record<string, string> = {
  PostgreSQL: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start   (or set DATABASE_URL)',
  NATS: 'nats-server -a 127.0.0.1 -p 4222 -js   (JetStream on; or set NATS_URL)',
  Redis: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379   (or set REDIS_URL)',
};

/** Fails the integration run up front, saying what to start, when a server it needs is unreachable. */
export default async function requireServices(): Promise<void> {
  const checks = [
    ['PostgreSQL', testEnvironment.postgresUrl, 5432],
    ['NATS', testEnvironment.natsUrl, 4222],
    ['Redis', testEnvironment.redisUrl, 6379],
  ] as const;
  const down: string[] = [];
  for (const [name, url, defaultPort] of checks) {
    const { hostname, port } = new URL(url);
    if (!(await reachable(hostname, Number(port) || defaultPort))) {
      down.push(`  ${name} at ${url} is unreachable; start it: ${START_HINTS[name]}`);
    }
  }
  if (down.length > 0) {
    throw new Error(`Integration tests need real servers (no Docker engine to start containers):\n${down.join('\n')}`);
  }
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
