'use client';

import { ApiError } from '@tillwire/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { useConsole } from './console-context';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Asks again; the last answer stays on screen until the new one arrives. */
  reload(): void;
  /** Replaces what is shown, e.g. with the answer of a change. */
  set(data: T): void;
}

/** Anything thrown as the ApiError a person can read. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'client_error', error instanceof Error ? error.message : String(error));
}

/**
 * GETs `path` (nothing while it is null), validated with `schema` (a module-level constant: a new
 * schema object asks again); asks again whenever the path changes.
 */
export function useApi<T>(path: string | null, schema?: z.ZodType<T>): Loaded<T> {
  const { client } = useConsole();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    client.get(path, schema).then(
      (answer) => {
        if (!current) return;
        setData(answer);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!current) return;
        setError(asApiError(failure));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [client, path, schema, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}
