import { platformHealthSchema, type PlatformHealth } from './health.contract';

/** Either the API's answer or why there is none, so pages render a clear message instead of failing. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const TIMEOUT_MS = 2_000;

/** `GET {apiUrl}/health`, never throwing. */
export async function getPlatformHealth(apiUrl: string): Promise<ApiResult<PlatformHealth>> {
  let body: unknown;
  try {
    const response = await fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) return { ok: false, reason: `HTTP ${response.status}` };
    body = await response.json();
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    if (e.name === 'TimeoutError') return { ok: false, reason: `no answer within ${TIMEOUT_MS / 1000} s` };
    return { ok: false, reason: e.cause?.code ?? e.name ?? 'request failed' };
  }
  const parsed = platformHealthSchema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'unexpected response from /health' };
}
