import { BUILTIN_METRICS, type MetricDefinition, type Sample } from './metric-sink';

/** One HTTP request as it crosses from a VU thread to the main thread, which sends it. */
export interface WireRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly timeoutMs: number;
}

export interface WireResponse {
  /** 0 when no answer came (connection refused, timeout). */
  readonly status: number;
  readonly statusText: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly durationMs: number;
  readonly error: string;
  /** k6's error code: 0, 1050 request timeout, 1212 connection refused, 1000 any other failure. */
  readonly errorCode: number;
}

/** Sends requests and blocks the VU thread until every answer is back, as k6's http calls block. */
export interface BlockingHttp {
  send(requests: readonly WireRequest[]): WireResponse[];
}

/** Which statuses count as expected (http_req_failed 0), as `http.expectedStatuses(…)` describes them. */
export interface ExpectedStatuses {
  readonly ranges: ReadonlyArray<{ readonly min: number; readonly max: number }>;
}

/**
 * The state the k6 modules share within one thread: the metrics declared in the init context, and —
 * while VU code (setup, an iteration, teardown) runs — its tags, group and the samples it emitted.
 */
class VuRuntime {
  readonly metrics = new Map<string, MetricDefinition>(BUILTIN_METRICS.map((metric) => [metric.name, metric]));
  http: BlockingHttp | undefined;
  responseCallback: ExpectedStatuses = { ranges: [{ min: 200, max: 399 }] };
  private running = false;
  private tags: Record<string, string> = {};
  private samples: Sample[] = [];
  groupPath = '';

  declare(definition: MetricDefinition): void {
    if (this.running) throw new Error(`Metric ${definition.name}: metrics must be declared in the init context`);
    const existing = this.metrics.get(definition.name);
    if (existing && (existing.type !== definition.type || existing.isTime !== definition.isTime)) {
      throw new Error(`Metric ${definition.name} already exists as a ${existing.type}`);
    }
    this.metrics.set(definition.name, definition);
  }

  /** Starts VU code with `tags` on every sample and `groupPath` as its group. */
  begin(tags: Record<string, string>, groupPath: string): void {
    this.running = true;
    this.tags = tags;
    this.groupPath = groupPath;
    this.samples = [];
  }

  /** Ends VU code: the samples it emitted. */
  end(): Sample[] {
    this.running = false;
    const samples = this.samples;
    this.samples = [];
    return samples;
  }

  emit(metric: string, value: number, tags: Readonly<Record<string, string>> = {}): void {
    this.requireVuCode(`Adding to ${metric}`);
    this.samples.push({ metric, value, tags: { ...this.tags, group: this.groupPath, ...tags } });
  }

  requireVuCode(what: string): void {
    if (!this.running) throw new Error(`${what} is not supported in the init context`);
  }

  blockingHttp(): BlockingHttp {
    this.requireVuCode('Making HTTP requests');
    return this.http!;
  }
}

export const runtime = new VuRuntime();
