import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceBroker } from 'moleculer';
import { runningTelemetry } from '../telemetry/start-telemetry';
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
 * each answering the node's health as JSON, 503 when the probe fails; and `GET /metrics`, the
 * process's metrics in Prometheus text format, so every node of a distributed platform is scraped.
 */
export function startHealthServer(broker: ServiceBroker, listen: { host: string; port: number }): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://node').pathname;
    if (req.method === 'GET' && pathname === '/metrics') return serveMetrics(req, res);
    const probe = req.method === 'GET' ? PROBES[pathname] : undefined;
    if (!probe) return notFound(res, 'GET /livez, /readyz or /metrics');
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
      broker.logger.info(`Node health on http://${listen.host}:${port} (/livez, /readyz, /metrics)`);
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

/** This process's metrics; a process started without telemetry (a test node) has none to show. */
function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse): void {
  const telemetry = runningTelemetry();
  if (telemetry) return telemetry.serveMetrics(req, res);
  notFound(res, 'This process collects no metrics');
}

function notFound(res: http.ServerResponse, message: string): void {
  res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message } }));
}
