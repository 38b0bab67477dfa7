export { IdempotencyStore, requestHash, type Claim, type IdempotencyOptions, type StoredResponse } from './idempotency-store';
