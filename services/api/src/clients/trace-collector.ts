import { trace } from '@opentelemetry/api';
import type { transactions } from '@tillwire/contracts';
import type { Config } from '@tillwire/platform';
import { spanRing, spansOf, TRACE_SPANS_SERVICE, TraceSpansActions, type SpanRecord, type TraceSpansParams } from '@tillwire/platform/telemetry';
import type { ServiceBroker } from 'moleculer';
import type { NodeInfo } from '../domain/platform-health';
import { transactionSpans, type NodeSpans } from '../domain/transaction-trace';

/** A node that has not answered by then is left out (its spans are reported missing), not waited for. */
const NODE_TIMEOUT_MS = 2_000;

const settings = new WeakMap<ServiceBroker, Config['telemetry']>();

/** Where this API node's trace view finds spans, set when the API starts; routes find it by their broker. */
export function openTraceView(node: ServiceBroker, telemetry: Config['telemetry']): void {
  settings.set(node, telemetry);
}

export function closeTraceView(node: ServiceBroker): void {
  settings.delete(node);
}

/**
 * The spans of every trace that touched a transaction, from every node's span ring; or, when spans
 * go to an OTLP backend and none are kept here, the link to them there (TRACE_VIEW_URL_TEMPLATE).
 */
export async function transactionTrace(node: ServiceBroker, transactionId: string): Promise<transactions.TransactionTrace> {
  const telemetry = settings.get(node);
  if (!telemetry) throw new Error('The trace view is not open on this node');
  if (telemetry.otlpEndpoint) {
    const template = telemetry.traceViewUrlTemplate;
    const link = template?.replaceAll('{transactionId}', encodeURIComponent(transactionId));
    return { transactionId, store: 'otlp', traceIds: [], spans: [], missingNodes: [], ...(link ? { link } : {}) };
  }
  // This request reads the transaction, so its own trace names it too: never part of the answer.
  const own = trace.getActiveSpan()?.spanContext().traceId;
  const ignored = new Set(own ? [own] : []);
  const remote = await spanNodes(node);
  const first = await collect(node, remote, { transactionId });
  const answers = [...first.answers];
  const missing = new Set(first.missing);
  // Only some of a trace's spans name the transaction, each on the node that recorded it: the
  // traces found are asked for whole. On a node alone, its ring already answered them whole.
  const answering = remote.filter((id) => !missing.has(id));
  if (answering.length > 0) {
    const traceIds = [...new Set(first.answers.flatMap((a) => a.spans.map((s) => s.traceId)))].filter((id) => !ignored.has(id));
    for (const round of await Promise.all(traceIds.map((traceId) => collect(node, answering, { traceId })))) {
      answers.push(...round.answers);
      for (const id of round.missing) missing.add(id);
    }
  }
  const { traceIds, spans } = transactionSpans(answers, ignored);
  return { transactionId, store: 'memory', traceIds, spans, missingNodes: [...missing].sort() };
}

/** The other available nodes serving the span lookup. */
async function spanNodes(node: ServiceBroker): Promise<string[]> {
  const nodes = await node.call<NodeInfo[], object>('$node.list', { onlyAvailable: true, withServices: true });
  return nodes.filter((n) => n.id !== node.nodeID && (n.services ?? []).some((s) => s.name === TRACE_SPANS_SERVICE)).map((n) => n.id);
}

/** This node's spans, read in its process, and those of `remote`, asked each by node id. */
async function collect(node: ServiceBroker, remote: readonly string[], query: TraceSpansParams): Promise<{ answers: NodeSpans[]; missing: string[] }> {
  const answers: NodeSpans[] = [{ node: node.nodeID, spans: spansOf(spanRing(), query) }];
  const missing: string[] = [];
  const settled = await Promise.allSettled(
    remote.map((nodeID) => node.call<SpanRecord[], TraceSpansParams>(TraceSpansActions.spans, query, { nodeID, timeout: NODE_TIMEOUT_MS })),
  );
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') answers.push({ node: remote[i]!, spans: result.value });
    else {
      missing.push(remote[i]!);
      node.logger.debug(`Node ${remote[i]} did not answer ${TraceSpansActions.spans}`, result.reason);
    }
  });
  return { answers, missing };
}
