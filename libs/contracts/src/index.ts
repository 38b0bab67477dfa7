export * from './primitives';
export { platformHealthSchema, type PlatformHealth } from './http/health.contract';
export { getPlatformHealth, parseApiUrl, type ApiResult } from './http/api-client';
export * as inventory from './broker/inventory.contract';
export * as departments from './broker/departments.contract';
export * as terminals from './broker/terminals.contract';
export * as loyalty from './broker/loyalty.contract';
export * as deadLetters from './broker/dead-letters.contract';
export * as transactions from './http/transactions.contract';
