import moleculer from 'moleculer';
import { describe, expect, it } from 'vitest';
import { DomainError, toBrokerError, type ErrorStatus } from './domain-error';
import { toHttpError } from './http-error';

class StockError extends DomainError<'insufficient_stock'> {
  readonly status: ErrorStatus = 422;
}

describe('toHttpError', () => {
  it('keeps a domain error\'s code, status and details across the broker', () => {
    const overBroker = toBrokerError(new StockError('insufficient_stock', 'Not enough stock', { sku: 'A', available: 2 }));
    // What survives NATS: a plain object with the MoleculerClientError fields.
    const revived = JSON.parse(JSON.stringify({ ...overBroker, name: overBroker.name, message: overBroker.message }));
    expect(toHttpError(revived)).toEqual({
      status: 422,
      body: { error: { code: 'insufficient_stock', message: 'Not enough stock', details: { sku: 'A', available: 2 } } },
    });
  });

  it('maps parameter validation to validation_failed 400 with the field errors', () => {
    const error = new moleculer.Errors.ValidationError('Parameters validation error!', 'VALIDATION_ERROR', [
      { field: 'quantity', type: 'number' },
    ]);
    const { status, body } = toHttpError(error);
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toEqual([{ field: 'quantity', type: 'number' }]);
  });

  it('maps a missing or timed-out service to dependency_unavailable 503', () => {
    expect(toHttpError(new moleculer.Errors.ServiceNotFoundError({ action: 'inventory.reserve' })).status).toBe(503);
    expect(toHttpError(new moleculer.Errors.RequestTimeoutError({ action: 'x', nodeID: 'n' })).body.error.code).toBe(
      'dependency_unavailable',
    );
  });

  it('never leaks an unexpected error\'s message', () => {
    expect(toHttpError(new Error('connection string postgres://secret@db'))).toEqual({
      status: 500,
      body: { error: { code: 'internal_error', message: 'Internal error' } },
    });
  });
});
