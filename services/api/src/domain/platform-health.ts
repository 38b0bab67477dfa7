import type { PlatformHealth } from '@tillwire/contracts';
import { TRACE_SPANS_SERVICE } from '@tillwire/platform/telemetry';

/** A broker node as `$node.list` (withServices) describes it. */
export interface NodeInfo {
  id: string;
  available: boolean;
  services?: ReadonlyArray<{ name: string }>;
}


/**
 * Moleculer's internal `$node` service and the platform's span lookup run on every node and say
 * nothing about Tillwire's services.
 */
const isPlumbing = (name: string) => name.startsWith('$') || name === TRACE_SPANS_SERVICE;

/**
 * The platform is ok when every expected service runs on at least one available node;
 * `degraded` names nothing missing by itself, the caller compares `services`.
 */
export function platformHealth(nodes: readonly NodeInfo[], expected: readonly string[]): PlatformHealth {
  const available = nodes
    .filter((node) => node.available)
    .map((node) => ({
      id: node.id,
      services: [...new Set((node.services ?? []).map((s) => s.name).filter((n) => !isPlumbing(n)))].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const services = [...new Set(available.flatMap((node) => node.services))].sort();
  const missing = expected.filter((name) => !services.includes(name));
  return { status: missing.length === 0 ? 'ok' : 'degraded', nodes: available, services };
}
