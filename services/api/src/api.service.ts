import type { IncomingMessage, ServerResponse } from 'node:http';
import { SERVICE_NAMES, toHttpError, type ServiceDependencies } from '@tillwire/platform';
import type { Context, ServiceSchema } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { platformHealth, type NodeInfo } from './domain/platform-health';

/** Public HTTP edge: routes map to broker actions; every error leaves as `{error:{code,message,details}}`. */
export function createApiService({ config }: ServiceDependencies): ServiceSchema {
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
          aliases: { 'GET /health': 'api.health' },
          bodyParsers: { json: { limit: '256kb' } },
        },
      ],
      onError(_req: IncomingMessage, res: ServerResponse, error: unknown) {
        const { status, body } = toHttpError(error);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.writeHead(status);
        res.end(JSON.stringify(body));
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
