import { SpanStatusCode, type Span } from '@opentelemetry/api';

/** Runs `run`, then ends `span`; a failure is recorded on it as an exception and an error status. */
export async function endSpanAfter<T>(span: Span, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
