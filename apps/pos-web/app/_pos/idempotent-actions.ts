import { ApiError, newIdempotencyKey } from '@tillwire/contracts';

/**
 * Idempotency-Keys per user action: the same action with the same body (a double tap, a retry after
 * a timeout) reuses its key, so the API does it once; once the API has given a final answer the
 * next attempt is a new action with a new key.
 */
export class IdempotentActions {
  private readonly pending = new Map<string, { body: string; key: string }>();

  async run<T>(action: string, body: unknown, send: (key: string) => Promise<T>): Promise<T> {
    const text = JSON.stringify(body);
    const earlier = this.pending.get(action);
    const key = earlier && earlier.body === text ? earlier.key : newIdempotencyKey();
    this.pending.set(action, { body: text, key });
    try {
      const result = await send(key);
      this.pending.delete(action);
      return result;
    } catch (error) {
      if (!isRetryable(error)) this.pending.delete(action);
      throw error;
    }
  }

  /** Forgets an action's key: what follows is a new action even with the same body. */
  forget(action: string): void {
    this.pending.delete(action);
  }
}

/** Answers the API did not make final: the same request may still succeed, under the same key. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status >= 500 || error.code === 'in_progress' || error.code === 'rate_limited');
}
