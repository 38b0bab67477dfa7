export { defineSaga, type SagaDefinition, type SagaStep, type StoredError } from './saga';
export { SagaRunner, SagaInProgressError, SagaLeaseLostError, type SagaRunnerOptions } from './saga-runner';
