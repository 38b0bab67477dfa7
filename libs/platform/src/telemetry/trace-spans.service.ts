import type { ServiceSchema } from 'moleculer';
import { z } from 'zod';
import { validatedAction } from '../broker/validated-action';
import { DomainAttribute } from './domain-attributes';
import type { SpanRecord, SpanRing } from './span-ring';
import { spanRing } from './start-telemetry';

/** The service every node runs so that a trace can be gathered from the rings of all of them. */
export const TRACE_SPANS_SERVICE = 'telemetry';

export const TraceSpansActions = {
  /**
   * `{traceId}` → the SpanRecord[] of that trace this node keeps; `{transactionId}` → those of every
   * trace in which one of its spans names the transaction. Call it on each node (`nodeID`).
   */
  spans: `${TRACE_SPANS_SERVICE}.spans`,
} as const;

export const traceSpansParams = z
  .object({
    traceId: z.string().regex(/^[0-9a-f]{32}$/, 'a W3C trace id: 32 lower-case hexadecimal digits').optional(),
    transactionId: z.uuid().optional(),
  })
  .refine((p) => (p.traceId === undefined) !== (p.transactionId === undefined), 'give either traceId or transactionId');
export type TraceSpansParams = z.infer<typeof traceSpansParams>;

/** The spans of `ring` a lookup asks for, oldest first; none where spans leave over OTLP (no ring). */
export function spansOf(ring: SpanRing | undefined, { traceId, transactionId }: TraceSpansParams): SpanRecord[] {
  if (!ring) return [];
  if (traceId !== undefined) return ring.trace(traceId);
  return transactionId === undefined ? [] : ring.tracesWith(DomainAttribute.transactionId, transactionId);
}

/**
 * Answers with the spans this process keeps in its in-memory ring. Each node records only its own
 * spans, so a trace that crossed nodes is gathered by asking every node for its share.
 */
export function traceSpansService(ring: () => SpanRing | undefined = spanRing): ServiceSchema {
  return {
    name: TRACE_SPANS_SERVICE,
    actions: {
      spans: validatedAction({ params: traceSpansParams, handler: async (params) => spansOf(ring(), params) }),
    },
  };
}
