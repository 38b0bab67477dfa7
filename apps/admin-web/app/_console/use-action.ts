'use client';

import { newIdempotencyKey, type ApiError } from '@tillwire/contracts';
import { useCallback, useRef, useState } from 'react';
import { asApiError } from './use-api';

export interface Action {
  /**
   * Runs one user action under an Idempotency-Key: a retry of the same request (after a network
   * failure or a 5xx) reuses its key, so the API does it once; another request gets a new key.
   * Ignored while the previous run is still going (a double tap). Resolves undefined on failure.
   */
  run<T>(request: unknown, work: (idempotencyKey: string) => Promise<T>): Promise<T | undefined>;
  readonly busy: boolean;
  readonly error: ApiError | undefined;
  clear(): void;
}

export function useAction(): Action {
  const pending = useRef<{ request: string; key: string } | null>(null);
  const running = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const run = useCallback(async <T,>(request: unknown, work: (idempotencyKey: string) => Promise<T>) => {
    if (running.current) return undefined;
    const fingerprint = JSON.stringify(request ?? null);
    if (pending.current?.request !== fingerprint) pending.current = { request: fingerprint, key: newIdempotencyKey() };
    running.current = true;
    setBusy(true);
    setError(undefined);
    try {
      const result = await work(pending.current.key);
      pending.current = null;
      return result;
    } catch (failure) {
      const apiError = asApiError(failure);
      // Only an answer that may change on a retry keeps the key; a refusal is final.
      if (apiError.status > 0 && apiError.status < 500) pending.current = null;
      setError(apiError);
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);

  return { run, busy, error, clear: useCallback(() => setError(undefined), []) };
}
