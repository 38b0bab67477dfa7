import { MetricSink, type MetricDefinition, type Sample } from './metric-sink';
import { matchesTags, parseMetricKey, satisfies, type MetricSelector, type Threshold } from './thresholds';

export interface MetricEntry {
  /** `http_req_duration`, or a sub-metric's key as the script wrote it. */
  readonly key: string;
  readonly definition: MetricDefinition;
  readonly sink: MetricSink;
}

export interface ThresholdResult {
  readonly threshold: Threshold;
  readonly actual: number;
  readonly ok: boolean;
}

interface SubMetric extends MetricEntry {
  readonly selector: MetricSelector;
}

/** The test's metrics: every sample lands in its metric and in each sub-metric whose tags it carries. */
export class MetricRegistry {
  private readonly sinks = new Map<string, MetricSink>();
  private readonly subMetrics = new Map<string, SubMetric[]>();

  constructor(
    readonly definitions: ReadonlyMap<string, MetricDefinition>,
    readonly thresholds: readonly Threshold[],
  ) {
    for (const { metricKey, selector } of thresholds) {
      if (Object.keys(selector.tags).length === 0) continue;
      const list = this.subMetrics.get(selector.name) ?? [];
      if (list.some((sub) => sub.key === metricKey)) continue;
      list.push({ key: metricKey, selector: parseMetricKey(metricKey), definition: definitions.get(selector.name)!, sink: this.newSink(selector.name) });
      this.subMetrics.set(selector.name, list);
    }
  }

  add(samples: readonly Sample[]): void {
    for (const sample of samples) {
      const definition = this.definitions.get(sample.metric);
      // The metrics module refuses undeclared metrics; a sample of one would be the runner's own bug.
      if (!definition) throw new Error(`Sample of undeclared metric ${sample.metric}`);
      let sink = this.sinks.get(sample.metric);
      if (!sink) {
        sink = this.newSink(sample.metric);
        this.sinks.set(sample.metric, sink);
      }
      sink.add(sample.value);
      for (const sub of this.subMetrics.get(sample.metric) ?? []) {
        if (matchesTags(sub.selector, sample.tags)) sub.sink.add(sample.value);
      }
    }
  }

  /** Metrics with samples or thresholds, each followed by its sub-metrics, by name. */
  entries(): MetricEntry[] {
    const names = new Set([...this.sinks.keys(), ...this.thresholds.map((t) => t.selector.name)]);
    return [...names].sort().flatMap((name) => {
      const definition = this.definitions.get(name)!;
      const base = { key: name, definition, sink: this.sinks.get(name) ?? this.newSink(name) };
      return [base, ...(this.subMetrics.get(name) ?? [])];
    });
  }

  /** Every threshold against the metric or sub-metric it names; a metric without samples aggregates to 0. */
  evaluate(testSeconds: number): ThresholdResult[] {
    const byKey = new Map(this.entries().map((entry) => [entry.key, entry.sink]));
    return this.thresholds.map((threshold) => {
      const sink = byKey.get(Object.keys(threshold.selector.tags).length === 0 ? threshold.selector.name : threshold.metricKey)!;
      const actual = sink.aggregate(threshold.aggregation, testSeconds);
      return { threshold, actual, ok: satisfies(threshold, actual) };
    });
  }

  private newSink(name: string): MetricSink {
    return new MetricSink(this.definitions.get(name)!.type);
  }
}
