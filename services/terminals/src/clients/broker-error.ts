/** Errors cross the broker as plain data: callers compare `type`, never classes. */
export function errorType(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
}
