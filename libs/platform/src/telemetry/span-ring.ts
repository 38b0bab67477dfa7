import { TraceFlags } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** What the admin trace view needs of a finished span. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  serviceName: string;
  startMs: number;
  durationMs: number;
  status: number;
  attributes: Record<string, unknown>;
}

/**
 * Keeps the most recent sampled spans of this process in memory, used when no OTLP endpoint is
 * configured so the platform still has traces to show. A span processor of its own: each span is
 * kept as it ends, synchronously, without an exporter's promise and context switch per span. Every
 * span it keeps is of its own process's service: the SDK's resource, whose detected attributes are
 * settled only for an exporter, would otherwise rebuild its attribute map for each span.
 */
export class SpanRing implements SpanProcessor {
  private readonly spans: SpanRecord[] = [];
  private next = 0;

  constructor(
    private readonly capacity: number,
    private readonly serviceName: string,
  ) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) this.push(toRecord(span, this.serviceName));
  }

  /** Oldest first. */
  all(): SpanRecord[] {
    return [...this.spans.slice(this.next), ...this.spans.slice(0, this.next)];
  }

  trace(traceId: string): SpanRecord[] {
    return this.all().filter((span) => span.traceId === traceId);
  }

  /**
   * Every span of each trace in which some span carries `attribute` = `value`, oldest first. Two
   * passes over the ring and no index to keep: the ring's capacity bounds the work.
   */
  tracesWith(attribute: string, value: string): SpanRecord[] {
    const traceIds = new Set<string>();
    for (const span of this.spans) if (span.attributes[attribute] === value) traceIds.add(span.traceId);
    return traceIds.size === 0 ? [] : this.all().filter((span) => traceIds.has(span.traceId));
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  private push(record: SpanRecord): void {
    if (this.spans.length < this.capacity) {
      this.spans.push(record);
      return;
    }
    this.spans[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
  }
}

function toRecord(span: ReadableSpan, serviceName: string): SpanRecord {
  const context = span.spanContext();
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: span.kind,
    serviceName,
    startMs: hrTimeToMilliseconds(span.startTime),
    durationMs: hrTimeToMilliseconds(span.duration),
    status: span.status.code,
    attributes: { ...span.attributes },
  };
}
