import type { Middleware } from 'moleculer';
import { DomainError, toBrokerError } from '../errors/domain-error';

/** Turns a DomainError thrown by a local action into the broker form callers check by `type`. */
export function domainErrorMiddleware(): Middleware {
  return {
    name: 'DomainErrors',
    localAction(next: (ctx: unknown) => Promise<unknown>) {
      return async (ctx: unknown) => {
        try {
          return await next(ctx);
        } catch (error) {
          throw error instanceof DomainError ? toBrokerError(error) : error;
        }
      };
    },
  } as unknown as Middleware;
}
