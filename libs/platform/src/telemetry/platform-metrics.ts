import { metrics } from '@opentelemetry/api';

/**
 * Metrics of the platform's own machinery. Instruments are taken at each use: the metrics API has
 * no proxy meter, and the provider the process registers at start-up must be the one that counts.
 */
function meter() {
  return metrics.getMeter('tillwire.platform');
}

/** A saga rolled back: every step compensated, or a compensation that failed and awaits recovery. */
export function countSagaCompensation(saga: string, outcome: 'compensated' | 'compensation_failed'): void {
  meter()
    .createCounter('tillwire.saga.compensations', { description: 'Sagas rolled back by compensation, by saga and outcome', unit: '{saga}' })
    .add(1, { 'tillwire.saga.name': saga, 'tillwire.saga.outcome': outcome });
}
