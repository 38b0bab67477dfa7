import type { IncomingMessage, ServerResponse } from 'node:http';
import { terminals, type auth } from '@tillwire/contracts';
import {
  AccessRevocations,
  auditActions,
  createAuthDeps,
  IdempotencyStore,
  login,
  logout,
  purgeExpiredRefreshTokens,
  refreshSession,
  SERVICE_NAMES,
  terminalWaitMs,
  toHttpError,
  unwrapAuth,
  type AuthDeps,
  type ServiceDependencies,
  type TerminalPorts,
} from '@tillwire/platform';
import { runningTelemetry } from '@tillwire/platform/telemetry';
import type { Context, ServiceBroker, ServiceSchema } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { closeReportsClient, openReportsClient } from './clients/reports-grpc.client';
import { closeTraceView, openTraceView } from './clients/trace-collector';
import { platformHealth, type NodeInfo } from './domain/platform-health';
import { docsPage } from './http/docs-page';
import { EventHub } from './http/event-hub';
import { eventStreamHandler } from './http/event-stream-handler';
import { openApiDocument } from './http/openapi';
import { AccessGuard } from './http/access-guard';
import { memoryRateLimitStore, RateLimiter, redisRateLimitStore } from './http/rate-limiter';
import type { IdentityPort } from './http/route';
import { proxyList } from './http/client-address';
import { withRequestTelemetry } from './http/request-telemetry';
import { routeHandler, type ApiRequest, type Edge } from './http/route-handler';
import { TransactionTerminals } from './http/transaction-terminals';
import { ROUTES } from './http/routes';
import { securityHeaders, setSecurityHeaders } from './http/security-headers';

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
  const limiter = new RateLimiter(config.mode === 'distributed' ? redisRateLimitStore(config.redisUrl, config.namespace) : memoryRateLimitStore());
  // Ready once the signing key is loaded (started); until then requests answer 503.
  let edge: Edge | undefined;
  const document = JSON.stringify(openApiDocument(ROUTES, `http://${config.api.host}:${config.api.port}`));
  const page = docsPage(ROUTES);
  const hub = new EventHub();
  const ended = new AccessRevocations(db.sql);
  let purge: NodeJS.Timeout | undefined;

  return {
    name: 'api',
    mixins: [ApiGateway],
    settings: {
      ip: config.api.host,
      port: config.api.port,
      log4XXResponses: false,
      // Browsers of the two web apps only; everything answers with the security headers.
      cors: {
        origin: [...config.api.corsOrigins],
        methods: ['GET', 'POST', 'PUT', 'DELETE'],
        // traceparent: a checkout screen starts the trace of its sale (W3C Trace Context).
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID', 'X-Approval-Token', 'traceparent'],
        exposedHeaders: ['Retry-After'],
        credentials: false,
        maxAge: 600,
      },
      use: [securityHeaders],
      routes: [
        {
          path: '/',
          mappingPolicy: 'restrict',
          bodyParsers: { json: { limit: '256kb', strict: true, inflate: false } },
          aliases: {
            'GET /health': 'api.health',
            'GET /openapi.json': (_req: ApiRequest, res: ServerResponse) => sendText(res, 'application/json', document),
            'GET /docs': (_req: ApiRequest, res: ServerResponse) => sendText(res, 'text/html; charset=utf-8', page),
            // Prometheus text format; like /health, for the operators' network, not for browsers.
            'GET /metrics': (req: IncomingMessage, res: ServerResponse) => serveMetrics(req, res),
            ...Object.fromEntries(
              ROUTES.map((route) => [
                `${route.method} ${route.path}`,
                route.stream ? eventStreamHandler(route, hub, () => edge) : withRequestTelemetry(route, routeHandler(route, () => edge)),
              ]),
            ),
          },
        },
      ],
      // Body-parser and router failures end here, before the route's middlewares ran.
      onError(req: IncomingMessage, res: ServerResponse, error: unknown) {
        const { status, body } = toHttpError(error);
        setSecurityHeaders(req, res);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.writeHead(status);
        res.end(JSON.stringify(body));
      },
    },
    async started(this: { broker: ServiceBroker }) {
      openReportsClient(this.broker, config);
      openTraceView(this.broker, config.telemetry);
      const deps = await createAuthDeps(config, db.sql, this.broker.logger);
      await ended.start(config.api.sessionCheckSeconds * 1000, this.broker.logger);
      const guard = new AccessGuard({ key: deps.key, ended, limiter, limits: config.api.rateLimits, log: this.broker.logger });
      edge = {
        idempotency,
        guard,
        identity: identityPort(deps, terminalPorts(this.broker)),
        sql: db.sql,
        terminalWaitMs: callMs,
        proxies: proxyList(config.api.trustedProxies),
        transactionTerminals: new TransactionTerminals(),
      };
      purge = setInterval(() => {
        void idempotency.purgeExpired().catch(() => undefined);
        void purgeExpiredRefreshTokens(deps).catch(() => undefined);
      }, PURGE_INTERVAL_MS);
    },
    async stopped(this: { broker: ServiceBroker }) {
      closeReportsClient(this.broker);
      closeTraceView(this.broker);
      clearInterval(purge);
      ended.stop();
      await limiter.close();
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
      ...auditActions({ db: db.sql }),
      health: {
        async handler(ctx: Context) {
          const nodes = await ctx.call<NodeInfo[], object>('$node.list', { onlyAvailable: true, withServices: true });
          return platformHealth(nodes, SERVICE_NAMES);
        },
      },
    },
  };
}

/** Sign-in through the identity use cases; failures thrown as the route handler answers them. */
function identityPort(deps: AuthDeps, ports: TerminalPorts): IdentityPort {
  return {
    login: async (request: auth.LoginRequest) => unwrapAuth(await login(deps, ports, request)),
    refresh: async (refreshToken: string) => unwrapAuth(await refreshSession(deps, ports, refreshToken)),
    logout: (refreshToken: string) => logout(deps, refreshToken),
  };
}

/** A terminal's department, for a PIN sign-in at it; null for a terminal that does not exist. */
function terminalPorts(broker: ServiceBroker): TerminalPorts {
  return {
    async terminalDepartment(terminalId) {
      try {
        return (await broker.call<terminals.Terminal, object>(terminals.TerminalsActions.get, { id: terminalId })).departmentCode;
      } catch (error) {
        if ((error as { type?: string }).type === 'not_found') return null;
        throw error;
      }
    },
  };
}

/** This process's metrics; a process started without telemetry (a test node) has none to show. */
function serveMetrics(req: IncomingMessage, res: ServerResponse): void {
  const telemetry = runningTelemetry();
  if (telemetry) return telemetry.serveMetrics(req, res);
  res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code: 'not_found', message: 'This process collects no metrics' } }));
}

function sendText(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'Content-Type': contentType });
  res.end(body);
}
