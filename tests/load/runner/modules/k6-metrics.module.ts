import type { MetricType } from '../metric-sink';
import { runtime } from '../vu-runtime';

/** What `import … from 'k6/metrics'` gives a script: custom metrics, declared in the init context. */

abstract class CustomMetric {
  constructor(
    readonly name: string,
    type: MetricType,
    isTime: boolean,
  ) {
    runtime.declare({ name, type, isTime: type === 'trend' && isTime });
  }

  /** Adds one sample (a boolean counts as 1 or 0) with extra tags. */
  add(value: number | boolean, tags: Record<string, string> = {}): void {
    runtime.emit(this.name, Number(value), tags);
  }
}

export class Counter extends CustomMetric {
  constructor(name: string) {
    super(name, 'counter', false);
  }
}

export class Gauge extends CustomMetric {
  constructor(name: string) {
    super(name, 'gauge', false);
  }
}

export class Rate extends CustomMetric {
  constructor(name: string) {
    super(name, 'rate', false);
  }
}

export class Trend extends CustomMetric {
  /** `isTime`: the values are milliseconds. */
  constructor(name: string, isTime = false) {
    super(name, 'trend', isTime);
  }
}

export default { Counter, Gauge, Rate, Trend };
