import type { transactions } from '@tillwire/contracts';
import type { SpanRecord } from '@tillwire/platform/telemetry';

/** What one node's span ring answered. */
export interface NodeSpans {
  readonly node: string;
  readonly spans: readonly SpanRecord[];
}

type TraceSpan = transactions.TraceSpan;

// OpenTelemetry's SpanKind and SpanStatusCode, by their numbers.
const KINDS: readonly TraceSpan['kind'][] = ['internal', 'server', 'client', 'producer', 'consumer'];
const STATUSES: readonly TraceSpan['status'][] = ['unset', 'ok', 'error'];

/**
 * The spans the nodes answered, each once (the first node that answered it recorded it), without
 * the traces in `ignored` and without reads: a trace served by a GET (this view, a console showing
 * the transaction) is someone looking at the transaction, not part of its life.
 */
export function transactionSpans(answers: readonly NodeSpans[], ignored: ReadonlySet<string>): { traceIds: string[]; spans: TraceSpan[] } {
  const records = new Map<string, { node: string; span: SpanRecord }>();
  for (const { node, spans } of answers) {
    for (const span of spans) {
      const key = `${span.traceId}/${span.spanId}`;
      if (!records.has(key)) records.set(key, { node, span });
    }
  }
  const reads = new Set([...records.values()].filter(({ span }) => isRead(span)).map(({ span }) => span.traceId));
  const kept = [...records.values()].filter(({ span }) => !ignored.has(span.traceId) && !reads.has(span.traceId));
  const byId = new Map(kept.map(({ span }) => [span.spanId, span]));
  const services = new Map<string, string>();
  const spans = kept
    .map(({ node, span }) => view(span, node, serviceOf(span, byId, services)))
    .sort((a, b) => a.startMs - b.startMs || a.spanId.localeCompare(b.spanId));
  return { traceIds: [...new Set(spans.map((s) => s.traceId))], spans };
}

function isRead(span: SpanRecord): boolean {
  return span.attributes['http.request.method'] === 'GET' && typeof span.attributes['http.route'] === 'string';
}

function view(span: SpanRecord, node: string, service: string): TraceSpan {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId ?? null,
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    service,
    node,
    startMs: span.startMs,
    durationMs: Math.max(0, span.durationMs),
    status: STATUSES[span.status] ?? 'unset',
    attributes: span.attributes as TraceSpan['attributes'],
  };
}

/**
 * The Tillwire service a span ran in, by what it records of itself; a span that names none (a SQL
 * statement, an outgoing call) ran in its parent's, and a span without a known parent in the
 * process's (OTEL_SERVICE_NAME).
 */
function serviceOf(span: SpanRecord, byId: ReadonlyMap<string, SpanRecord>, known: Map<string, string>): string {
  const path: SpanRecord[] = [];
  let current: SpanRecord | undefined = span;
  let service: string | undefined;
  // Up the parents until a span names its service; `path` bounds the walk should parents form a cycle.
  while (current && service === undefined && !path.includes(current)) {
    service = known.get(current.spanId) ?? ownService(current);
    path.push(current);
    current = current.parentSpanId === undefined ? undefined : byId.get(current.parentSpanId);
  }
  const found = service ?? span.serviceName;
  for (const visited of path) known.set(visited.spanId, found);
  return found;
}

function ownService(span: SpanRecord): string | undefined {
  const a = span.attributes;
  const text = (name: string) => (typeof a[name] === 'string' && a[name] !== '' ? (a[name] as string) : undefined);
  if (a['rpc.system'] === 'moleculer') return text('rpc.service');
  if (typeof a['http.route'] === 'string') return 'api';
  // A gRPC server is named by its proto package: loyalty.v1.LoyaltyService is loyalty's.
  if (a['rpc.system'] === 'grpc' && KINDS[span.kind] === 'server') return text('rpc.service')?.split('.')[0];
  return text('moleculer.service') ?? (KINDS[span.kind] === 'consumer' ? text('messaging.consumer.group.name') : undefined);
}
