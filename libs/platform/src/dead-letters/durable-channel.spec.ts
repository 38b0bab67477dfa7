import moleculer from 'moleculer';
import { describe, expect, it } from 'vitest';
import { DomainError, type ErrorStatus } from '../errors/domain-error';
import { failureReason } from './durable-channel';

class StockError extends DomainError<'insufficient_stock'> {
  readonly status: ErrorStatus = 422;
}

describe('failureReason', () => {
  it('puts the code of a domain, broker or system error before its message', () => {
    expect(failureReason(new StockError('insufficient_stock', 'Only 2 left'))).toBe('insufficient_stock: Only 2 left');
    const overBroker = new moleculer.Errors.MoleculerClientError('Terminal T1 not found', 404, 'not_found');
    expect(failureReason(overBroker)).toBe('not_found: Terminal T1 not found');
    expect(failureReason(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED: connect ECONNREFUSED',
    );
  });

  it('keeps a plain error\'s message, and makes text of anything else thrown', () => {
    expect(failureReason(new Error('boom'))).toBe('boom');
    expect(failureReason('just a string')).toBe('just a string');
    expect(failureReason(undefined)).toBe('undefined');
  });

  it('bounds a huge message', () => {
    expect(failureReason(new Error('x'.repeat(10_000)))).toHaveLength(2_000);
  });
});
