import { platformHealthSchema, type PlatformHealth } from './health.contract';

/** Either the API's answer or why there is none, so pages render a clear message instead of failing. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const TIMEOUT_MS = 2_000;

/** The API base URL an app is configured with (`TILLWIRE_API_URL`), validated, without a trailing slash. */
export function parseApiUrl(raw: string | undefined): string {
  const value = raw?.trim() || 'http://127.0.0.1:8080';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`TILLWIRE_API_URL is not a valid URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TILLWIRE_API_URL must be an http(s) URL, got "${value}"`);
  }
  return url.href.replace(/\/+$/, '');
}

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
