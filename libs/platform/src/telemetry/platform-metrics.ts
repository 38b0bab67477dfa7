import { instrumentsOf } from './meter-instruments';

/** Metrics of the platform's own machinery. */
const instruments = instrumentsOf('tillwire.platform', (meter) => ({
  compensations: meter.createCounter('tillwire.saga.compensations', {
    description: 'Sagas rolled back by compensation, by saga and outcome',
    unit: '{saga}',
  }),
}));

/** A saga rolled back: every step compensated, or a compensation that failed and awaits recovery. */
export function countSagaCompensation(saga: string, outcome: 'compensated' | 'compensation_failed'): void {
  instruments().compensations.add(1, { 'tillwire.saga.name': saga, 'tillwire.saga.outcome': outcome });
}
