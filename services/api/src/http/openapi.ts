import { permissions } from '@tillwire/contracts';
import { z } from 'zod';
import type { Route } from './route';

const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'validation_failed',
  '401': 'token_invalid, token_expired, invalid_credentials, account_locked',
  '403': 'forbidden',
  '404': 'not_found',
  '409': 'idempotency_key_reused, in_progress, invalid_state',
  '413': 'payload_too_large',
  '415': 'unsupported_media_type',
  '429': 'rate_limited',
  '422': 'insufficient_stock, reservation_expired, payment_declined, …',
  '503': 'dependency_unavailable',
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** OpenAPI 3.1 document generated from the same schemas that validate the requests. */
export function openApiDocument(routes: readonly Route[], serverUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters = [
      ...pathParameters(route),
      ...queryParameters(route),
      ...(route.method === 'POST' && !route.signIn
        ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 1, maxLength: 255 } }]
        : []),
      ...(route.stream
        ? [{ name: 'Last-Event-ID', in: 'header', required: false, description: 'Resume after this event id', schema: { type: 'string' } }]
        : []),
    ];
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.summary,
      description: accessOf(route),
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
      responses: {
        [route.status]: successResponse(route),
        ...Object.fromEntries(
          Object.entries(ERROR_RESPONSES).map(([status, codes]) => [
            status,
            { description: codes, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Tillwire public API', version: '0.1.0', description: 'Checkout, catalog, inventory and administration.' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken of POST /auth/login' } },
    },
  };
}

/** Who may call the route, in words: its permission and the roles that have it. */
function accessOf(route: Route): string {
  if (route.access === 'public') return 'No sign-in needed.';
  if (route.access === 'signed_in') return 'Any signed-in user.';
  return `Needs the ${route.access} permission (${permissions.PERMISSIONS[route.access].join(', ')}).`;
}

function successResponse(route: Route): object {
  if (!route.response) return { description: 'Success, no content' };
  const schema = jsonSchema(route.response, 'output');
  if (!route.stream) return { description: 'Success', content: { 'application/json': { schema } } };
  return {
    description: 'Server-Sent Events; the `data` of each is one event as described here, its SSE `id` the event id and `event` its type',
    content: { 'text/event-stream': { schema } },
  };
}

function pathParameters(route: Route): object[] {
  const schema = route.params ? (jsonSchema(route.params, 'input') as { properties?: Record<string, object> }) : {};
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: schema.properties?.[m[1]!] ?? { type: 'string' },
  }));
}

function queryParameters(route: Route): object[] {
  if (!route.query) return [];
  const schema = jsonSchema(route.query, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}
