export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  /** Trend values are milliseconds (printed as durations). */
  readonly isTime: boolean;
}

/** One value of a metric, as scripts and the http module emit them. */
export interface Sample {
  readonly metric: string;
  readonly value: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The metrics k6 itself emits that this runner emits too. */
export const BUILTIN_METRICS: readonly MetricDefinition[] = [
  { name: 'http_reqs', type: 'counter', isTime: false },
  { name: 'http_req_duration', type: 'trend', isTime: true },
  { name: 'http_req_failed', type: 'rate', isTime: false },
  { name: 'checks', type: 'rate', isTime: false },
  { name: 'iterations', type: 'counter', isTime: false },
  { name: 'iteration_duration', type: 'trend', isTime: true },
  { name: 'group_duration', type: 'trend', isTime: true },
  { name: 'dropped_iterations', type: 'counter', isTime: false },
];

/** Everything one metric (or sub-metric) has seen, and the aggregates thresholds and the summary name. */
export class MetricSink {
  samples = 0;
  private sum = 0;
  private nonZero = 0;
  private last = 0;
  private lowest = Infinity;
  private highest = -Infinity;
  private readonly values: number[] = [];
  private sorted = true;

  constructor(readonly type: MetricType) {}

  add(value: number): void {
    this.samples += 1;
    this.sum += value;
    if (value !== 0) this.nonZero += 1;
    this.last = value;
    this.lowest = Math.min(this.lowest, value);
    this.highest = Math.max(this.highest, value);
    if (this.type === 'trend') {
      this.values.push(value);
      this.sorted = false;
    }
  }

  /**
   * An aggregate by k6's name: `count`/`rate` of a counter (rate per second of the test), `value` of
   * a gauge, `rate` of a rate (share of non-zero samples), `avg`/`min`/`max`/`med`/`p(N)`/`count` of a
   * trend. A metric without samples answers 0.
   */
  aggregate(name: string, testSeconds: number): number {
    if (this.samples === 0) return 0;
    switch (this.type) {
      case 'counter':
        return name === 'rate' ? this.sum / Math.max(testSeconds, 1e-9) : this.sum;
      case 'gauge':
        return name === 'min' ? this.lowest : name === 'max' ? this.highest : this.last;
      case 'rate':
        return this.nonZero / this.samples;
      case 'trend':
        return this.trendStat(name);
    }
  }

  /** For a rate: samples that were non-zero and those that were zero. */
  get passes(): number {
    return this.nonZero;
  }

  get fails(): number {
    return this.samples - this.nonZero;
  }

  private trendStat(name: string): number {
    switch (name) {
      case 'avg':
        return this.sum / this.samples;
      case 'min':
        return this.lowest;
      case 'max':
        return this.highest;
      case 'count':
        return this.samples;
      case 'med':
        return this.percentile(0.5);
      default: {
        const match = /^p\((\d+(?:\.\d+)?)\)$/.exec(name);
        if (!match) throw new Error(`Unknown trend statistic ${name}`);
        return this.percentile(Number(match[1]) / 100);
      }
    }
  }

  /** k6's percentile: the value at rank `share × (n − 1)`, linearly interpolated between neighbours. */
  private percentile(share: number): number {
    if (!this.sorted) {
      this.values.sort((a, b) => a - b);
      this.sorted = true;
    }
    const rank = share * (this.values.length - 1);
    const below = this.values[Math.floor(rank)]!;
    const above = this.values[Math.ceil(rank)]!;
    return below + (above - below) * (rank - Math.floor(rank));
  }
}
