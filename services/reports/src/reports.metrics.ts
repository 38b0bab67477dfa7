import { metrics } from '@opentelemetry/api';
import type { ReconciliationLine, ReconciliationStatus } from './domain/reconciliation';

/**
 * A completed reconciliation as OpenTelemetry metrics: runs by status (a fail is what finance is
 * alerted on) and the last run's summed absolute variance per scope. The meter is taken at each run,
 * so the provider the process registers at start-up is the one that counts.
 */
export function recordReconciliationMetrics(status: ReconciliationStatus, lines: readonly ReconciliationLine[]): void {
  const meter = metrics.getMeter('tillwire-reports');
  meter
    .createCounter('tillwire.reconciliation.runs', { description: 'Completed nightly reconciliations, by status', unit: '{reconciliation}' })
    .add(1, { 'tillwire.reconciliation.status': status });
  const variance = meter.createGauge('tillwire.reconciliation.variance', {
    description: "The last reconciliation's summed absolute variance, by scope, in minor units",
    unit: '{minor_unit}',
  });
  for (const scope of ['terminal', 'department'] as const) {
    const sum = lines.filter((l) => l.scope === scope).reduce((total, l) => total + Math.abs(l.varianceMinor), 0);
    variance.record(sum, { 'tillwire.reconciliation.scope': scope });
  }
}
