export * from './primitives';
export { currencyCode, currencyExponent, formatDecimal, formatMoney, parseDecimal } from './money';
export { platformHealthSchema, type PlatformHealth } from './http/health.contract';
export { getPlatformHealth, parseApiUrl, type ApiResult } from './http/api-client';
export { forwardToPlatform, PLATFORM_PREFIX } from './http/platform-proxy';
export * as inventory from './broker/inventory.contract';
export * as departments from './broker/departments.contract';
export * as terminals from './broker/terminals.contract';
export * as loyalty from './broker/loyalty.contract';
export * as deadLetters from './broker/dead-letters.contract';
export * as reports from './broker/reports.contract';
export * as transactions from './http/transactions.contract';
export * as shifts from './http/shifts.contract';
export * as auth from './http/auth.contract';
export * as audit from './http/audit.contract';
export * as permissions from './http/permissions.contract';
export {
  ApiError,
  createWebClient,
  newIdempotencyKey,
  type PostOptions,
  type SessionStorage,
  type StoredSession,
  type StreamOptions,
  type WebClient,
  type WebClientOptions,
} from './http/web-client';
export { EventStreamParser, type StreamMessage } from './http/event-stream';
