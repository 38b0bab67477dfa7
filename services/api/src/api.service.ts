import type { IncomingMessage, ServerResponse } from 'node:http';
import { terminals } from '@tillwire/contracts';
import { IdempotencyStore, SERVICE_NAMES, terminalWaitMs, toHttpError, type ServiceDependencies } from '@tillwire/platform';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { closeReportsClient, openReportsClient } from './clients/reports-grpc.client';
import { platformHealth, type NodeInfo } from './domain/platform-health';
import { docsPage } from './http/docs-page';
import { EventHub } from './http/event-hub';
import { eventStreamHandler } from './http/event-stream-handler';
import { openApiDocument } from './http/openapi';
import { routeHandler, type ApiRequest } from './http/route-handler';
import { ROUTES } from './http/routes';

const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 10 * 60 * 1000;
/** A completion or refund waits on the terminal, and then on the rest of its saga. */
const SAGA_HEADROOM_MS = 10_000;

/** Public HTTP edge: routes map to broker actions; every error leaves as `{error:{code,message,details}}`. */
export function createApiService({ config, db }: ServiceDependencies): ServiceSchema {
  // A request holds its key for as long as the longest call may run (a completion waiting on the
  // terminal), so a retry meanwhile answers in_progress instead of running it a second time.
  const callMs = terminalWaitMs(config) + SAGA_HEADROOM_MS;
  const idempotency = new IdempotencyStore(db.sql, { lockMs: callMs + SAGA_HEADROOM_MS, retentionMs: IDEMPOTENCY_RETENTION_MS });
  const document = JSON.stringify(openApiDocument(ROUTES, `http://${config.api.host}:${config.api.port}`));
  const page = docsPage(ROUTES);
  const hub = new EventHub();
  let purge: NodeJS.Timeout | undefined;

  return {
    name: 'api',
    mixins: [ApiGateway],
    settings: {
      ip: config.api.host,
      port: config.api.port,
      log4XXResponses: false,
      routes: [
        {
          path: '/',
          mappingPolicy: 'restrict',
          bodyParsers: { json: { limit: '256kb', strict: true, inflate: false } },
          aliases: {
            'GET /health': 'api.health',
            'GET /openapi.json': (_req: ApiRequest, res: ServerResponse) => sendText(res, 'application/json', document),
            'GET /docs': (_req: ApiRequest, res: ServerResponse) => sendText(res, 'text/html; charset=utf-8', page),
            ...Object.fromEntries(
              ROUTES.map((route) => [
                `${route.method} ${route.path}`,
                route.stream ? eventStreamHandler(route, hub) : routeHandler(route, idempotency, callMs),
              ]),
            ),
          },
        },
      ],
      onError(_req: IncomingMessage, res: ServerResponse, error: unknown) {
        const { status, body } = toHttpError(error);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.writeHead(status);
        res.end(JSON.stringify(body));
      },
    },
    started(this: { broker: ServiceBroker }) {
      openReportsClient(this.broker, config);
      purge = setInterval(() => void idempotency.purgeExpired().catch(() => undefined), PURGE_INTERVAL_MS);
    },
    stopped(this: { broker: ServiceBroker }) {
      closeReportsClient(this.broker);
      clearInterval(purge);
      // Open event streams would keep the HTTP server from closing.
      hub.close();
    },
    events: {
      [terminals.TerminalsEvents.event]: {
        handler(ctx: Context<unknown>) {
          const event = terminals.terminalEvent.safeParse(ctx.params);
          if (event.success) hub.publish(event.data.terminalId, event.data);
          else this.logger.warn(`Ignored a malformed ${terminals.TerminalsEvents.event} broadcast`, event.error.issues);
        },
      },
    },
    actions: {
      health: {
        async handler(ctx: Context) {
          const nodes = await ctx.call<NodeInfo[], object>('$node.list', { onlyAvailable: true, withServices: true });
          return platformHealth(nodes, SERVICE_NAMES);
        },
      },
    },
  };
}

function sendText(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'Content-Type': contentType });
  res.end(body);
}
