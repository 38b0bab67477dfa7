import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';
import { ROUTES } from './routes';

interface Operation {
  operationId: string;
  description: string;
  security: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: { 'application/json': { schema: { type?: string; properties?: Record<string, unknown> } } } };
  responses: Record<string, unknown>;
}

const document = openApiDocument(ROUTES, 'http://127.0.0.1:8080') as {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
};
const operations = Object.values(document.paths).flatMap((methods) => Object.entries(methods));

describe('openApiDocument', () => {
  it('is OpenAPI 3.1 with one operation per route', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(operations.map(([, op]) => op.operationId).sort()).toEqual(ROUTES.map((r) => r.id).sort());
  });

  it('asks every POST but sign-in for an Idempotency-Key and documents the typed errors', () => {
    const signIn = new Set(['login', 'refresh', 'logout']);
    for (const [method, op] of operations) {
      const key = op.parameters?.find((p) => p.name === 'Idempotency-Key');
      expect(key?.required ?? false, op.operationId).toBe(method === 'post' && !signIn.has(op.operationId));
      expect(Object.keys(op.responses), op.operationId).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '422', '429', '503']));
    }
  });

  it('names the bearer token every operation but health and sign-in needs, and who may call it', () => {
    const login = document.paths['/auth/login']!.post!;
    expect(login.security).toEqual([]);
    const refund = document.paths['/pos/transactions/{id}/refunds']!.post!;
    expect(refund.security).toEqual([{ bearer: [] }]);
    expect(refund.description).toBe('Needs the pos.refund permission (operator, supervisor, admin).');
  });

  it('derives request bodies from the validating schemas, path parameters from the route', () => {
    const create = document.paths['/pos/transactions']!.post!;
    expect(Object.keys(create.requestBody!.content['application/json'].schema.properties!)).toEqual(
      expect.arrayContaining(['terminalId', 'lines', 'customerId', 'discount']),
    );
    expect(create.requestBody!.content['application/json'].schema.properties).not.toHaveProperty('departmentCode');
    const complete = document.paths['/pos/transactions/{id}/complete']!.post!;
    expect(complete.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]));
  });

  it('documents a delete as 204 without content, with the typed errors', () => {
    for (const path of ['/admin/departments/{code}', '/admin/products/{sku}', '/admin/terminals/{id}']) {
      const remove = document.paths[path]!.delete!;
      expect(remove.responses['204'], path).toEqual({ description: 'Success, no content' });
      expect(Object.keys(remove.responses), path).not.toContain('200');
      expect(remove.responses['409'], path).toMatchObject({ description: expect.stringContaining('invalid_state') });
      expect(remove.parameters, path).toEqual([expect.objectContaining({ in: 'path', required: true })]);
      expect(remove.requestBody, path).toBeUndefined();
    }
  });

  it('documents the terminal event stream as text/event-stream with its Last-Event-ID header', () => {
    const stream = document.paths['/pos/terminals/{id}/events']!.get!;
    expect(Object.keys((stream.responses['200'] as { content: object }).content)).toEqual(['text/event-stream']);
    expect(stream.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Last-Event-ID', in: 'header', required: false })]),
    );
    expect(stream.responses['404']).toBeDefined();
  });
});
