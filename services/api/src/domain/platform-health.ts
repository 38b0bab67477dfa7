import type { PlatformHealth } from '@tillwire/contracts';

/** A broker node as `$node.list` (withServices) describes it. */
export interface NodeInfo {
  id: string;
  available: boolean;
  services?: ReadonlyArray<{ name: string }>;
}


/** Moleculer's internal `$node` service runs everywhere and says nothing about Tillwire. */
const INTERNAL_SERVICE = /^\$/;

/**
 * The platform is ok when every expected service runs on at least one available node;
 * `degraded` names nothing missing by itself, the caller compares `services`.
 */
export function platformHealth(nodes: readonly NodeInfo[], expected: readonly string[]): PlatformHealth {
  const available = nodes
    .filter((node) => node.available)
    .map((node) => ({
      id: node.id,
      services: [...new Set((node.services ?? []).map((s) => s.name).filter((n) => !INTERNAL_SERVICE.test(n)))].sort(),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const services = [...new Set(available.flatMap((node) => node.services))].sort();
  const missing = expected.filter((name) => !services.includes(name));
  return { status: missing.length === 0 ? 'ok' : 'degraded', nodes: available, services };
}
