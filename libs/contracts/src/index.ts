export { platformHealthSchema, type PlatformHealth } from './http/health.contract';
export { getPlatformHealth, type ApiResult } from './http/api-client';
