import 'server-only';
import { config } from './config';

export type PlatformNode = { id: string; services: string[] };
export type PlatformHealth =
  | { reachable: true; apiUrl: string; status: string; nodes: PlatformNode[]; services: string[] }
  | { reachable: false; apiUrl: string; reason: string };

const names = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((s) => (typeof s === 'string' ? s : String(s?.name ?? s))) : [];

/** GET {TILLWIRE_API_URL}/health, per request; never throws. */
export async function fetchPlatformHealth(): Promise<PlatformHealth> {
  const apiUrl = config.apiUrl;
  let body: { status?: unknown; nodes?: unknown; services?: unknown } | null;
  try {
    const res = await fetch(`${apiUrl}/health`, { cache: 'no-store', signal: AbortSignal.timeout(2000) });
    if (!res.ok) return { reachable: false, apiUrl, reason: `HTTP ${res.status}` };
    body = await res.json();
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string } };
    const reason = e.name === 'TimeoutError' ? 'no answer within 2 s' : (e.cause?.code ?? e.name ?? 'request failed');
    return { reachable: false, apiUrl, reason };
  }
  const nodes: PlatformNode[] = Array.isArray(body?.nodes)
    ? body.nodes.map((n) => ({ id: String(n?.id ?? '?'), services: names(n?.services) }))
    : [];
  const services = Array.isArray(body?.services) ? names(body.services) : [...new Set(nodes.flatMap((n) => n.services))];
  return { reachable: true, apiUrl, status: String(body?.status ?? 'unknown'), nodes, services };
}
