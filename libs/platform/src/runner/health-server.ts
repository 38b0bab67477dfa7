import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceBroker } from 'moleculer';
import { nodeHealth, type NodeHealth } from './node-health';

/** Below the chart's probe timeout, so a lost broker answers 503 rather than timing the probe out. */
const PING_TIMEOUT_MS = 1_000;

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

const PROBES: Readonly<Record<string, (health: NodeHealth) => boolean>> = {
  '/livez': (health) => health.live,
  '/readyz': (health) => health.ready,
};

/**
 * A node's probe endpoint: `GET /livez` (200 unless the broker's transporter gave up) and
 * `GET /readyz` (200 while the broker runs its services and reaches itself over the transporter),
 * each answering the node's health as JSON, 503 when the probe fails.
 */
export function startHealthServer(broker: ServiceBroker, listen: { host: string; port: number }): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const probe = req.method === 'GET' ? PROBES[new URL(req.url ?? '/', 'http://node').pathname] : undefined;
    if (!probe) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":{"code":"not_found","message":"GET /livez or /readyz"}}');
      return;
    }
    nodeHealth(broker, PING_TIMEOUT_MS).then(
      (health) => res.writeHead(probe(health) ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify(health)),
      (error: unknown) => {
        broker.logger.warn('Health check failed', error);
        res.writeHead(503, { 'Content-Type': 'application/json' }).end('{"live":false,"ready":false}');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`The node health endpoint cannot bind ${listen.host}:${listen.port}: it is in use. Set NODE_HEALTH_PORT.`, { cause: error })
          : error,
      ),
    );
    server.listen(listen.port, listen.host, () => {
      const { port } = server.address() as AddressInfo;
      broker.logger.info(`Node health on http://${listen.host}:${port} (/livez, /readyz)`);
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
