import type { IncomingMessage, ServerResponse } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config/config';
import { SpanRing } from './span-ring';
import { traceSampler } from './trace-sampler';

export interface Telemetry {
  /** Present when spans stay in this process (no OTLP endpoint configured). */
  readonly ring: SpanRing | undefined;
  /** Answers a Prometheus scrape with this process's metrics. */
  serveMetrics(request: IncomingMessage, response: ServerResponse): void;
  shutdown(): Promise<void>;
}

let started: Telemetry | undefined;

/**
 * Starts the OpenTelemetry SDK once per process. Call it before loading services so the
 * instrumentations see the modules they patch.
 */
export function startTelemetry(config: Config, role: string): Telemetry {
  if (started) return started;
  const { otlpEndpoint, ringSize, sampleRatio, serviceName } = config.telemetry;
  const ring = otlpEndpoint ? undefined : new SpanRing(ringSize, serviceName);
  const processor = otlpEndpoint
    ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))
    : ring!;
  // Scraped through the process's own HTTP server (the API's /metrics), never a port of its own.
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: serviceName,
      'tillwire.role': role,
      'tillwire.mode': config.mode,
    }),
    sampler: traceSampler(sampleRatio),
    spanProcessors: [processor],
    metricReaders: [prometheus],
    instrumentations: [],
  });
  sdk.start();
  started = {
    ring,
    serveMetrics: (request, response) => prometheus.getMetricsRequestHandler(request, response),
    shutdown: () => sdk.shutdown(),
  };
  return started;
}

/** The telemetry of the running process, once started. */
export function runningTelemetry(): Telemetry | undefined {
  return started;
}

/** The ring of the running process, if spans are kept in memory. */
export function spanRing(): SpanRing | undefined {
  return started?.ring;
}
