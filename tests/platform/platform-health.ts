import { waitFor, type RunningProcess } from '../support/processes';

/** Every Tillwire service, sorted as `/health` lists them. Spelled out so the runner's own list is under test too. */
export const ALL_SERVICES = ['api', 'departments', 'inventory', 'loyalty', 'reports', 'terminals', 'transactions'];

export interface Health {
  status: 'ok' | 'degraded';
  nodes: Array<{ id: string; services: string[] }>;
  services: string[];
}

export async function readHealth(port: number): Promise<Health> {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`GET /health answered ${response.status}`);
  return (await response.json()) as Health;
}

/** Polls `/health` until every service is up; fails at once, with the output, if the process exits first. */
export function waitUntilHealthy(running: RunningProcess, port: number, timeoutMs: number): Promise<Health> {
  const healthy = waitFor(
    async () => {
      const health = await readHealth(port);
      return health.status === 'ok' ? health : undefined;
    },
    timeoutMs,
    running.output,
  );
  const exited = running.exited.then((code): never => {
    throw new Error(`Exited with ${code} before /health was ok\n${running.output()}`);
  });
  return Promise.race([healthy, exited]);
}

export function seconds(fromMs: number): string {
  return `${((performance.now() - fromMs) / 1000).toFixed(1)} s`;
}
