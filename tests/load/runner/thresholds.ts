import { ConfigError, isRecord, parseDuration } from './option-values';
import type { MetricDefinition, MetricType } from './metric-sink';

/** A metric, or a sub-metric narrowed to samples carrying every one of `tags` (`http_req_duration{scenario:peak}`). */
export interface MetricSelector {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Threshold {
  /** The key as the script wrote it, e.g. `http_req_duration{scenario:peak}`. */
  readonly metricKey: string;
  readonly selector: MetricSelector;
  /** The expression as the script wrote it, e.g. `p(95)<500`. */
  readonly source: string;
  readonly aggregation: string;
  readonly operator: Operator;
  readonly bound: number;
  readonly abortOnFail: boolean;
  readonly delayAbortEvalMs: number;
}

/** The aggregation methods k6 accepts in a threshold on each metric type. */
const AGGREGATIONS: Readonly<Record<MetricType, RegExp>> = {
  counter: /^(count|rate)$/,
  gauge: /^value$/,
  rate: /^rate$/,
  trend: /^(avg|min|max|med|p\((\d+(\.\d+)?)\))$/,
};

const EXPRESSION = /^\s*([a-z]+(?:\(\s*[\d.]+\s*\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;

/** `name{tag:value, other:value}` → the metric and the tags its sub-metric filters on. */
export function parseMetricKey(key: string): MetricSelector {
  const match = /^\s*([^{}\s]+)\s*(?:\{([^{}]*)\})?\s*$/.exec(key);
  if (!match) throw new ConfigError(`invalid threshold metric "${key}"`);
  const tags: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter((part) => part.trim() !== '')) {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new ConfigError(`invalid tag filter "${pair.trim()}" in threshold metric "${key}" (expected tag:value)`);
    tags[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim();
  }
  if (match[2] !== undefined && Object.keys(tags).length === 0) throw new ConfigError(`empty tag filter in threshold metric "${key}"`);
  return { name: match[1]!, tags };
}

/** `p(95) < 500` → its aggregation (`p(95)`), operator and bound. */
export function parseExpression(source: string): Pick<Threshold, 'aggregation' | 'operator' | 'bound'> {
  const match = EXPRESSION.exec(source);
  if (!match) throw new ConfigError(`invalid threshold expression "${source}" (expected e.g. "p(95)<500" or "rate<0.01")`);
  return { aggregation: match[1]!.replace(/\s+/g, ''), operator: match[2] as Operator, bound: Number(match[3]) };
}

/**
 * `options.thresholds` → one Threshold per expression, each checked against the metric's type as k6
 * does: a threshold on an unknown metric, or with an aggregation its type lacks, is refused.
 */
export function parseThresholds(raw: unknown, metrics: ReadonlyMap<string, MetricDefinition>): Threshold[] {
  if (raw === undefined) return [];
  if (!isRecord(raw)) throw new ConfigError('options.thresholds must be an object of metric → expressions');
  return Object.entries(raw).flatMap(([metricKey, list]) => {
    const selector = parseMetricKey(metricKey);
    const metric = metrics.get(selector.name);
    if (!metric) throw new ConfigError(`invalid threshold defined on ${metricKey}: no metric named "${selector.name}" found`);
    if (!Array.isArray(list)) throw new ConfigError(`thresholds of ${metricKey} must be an array`);
    return list.map((entry: unknown): Threshold => {
      const definition = typeof entry === 'string' ? { threshold: entry } : entry;
      if (!isRecord(definition) || typeof definition.threshold !== 'string') {
        throw new ConfigError(`threshold of ${metricKey}: expected a string or {threshold, abortOnFail?, delayAbortEval?}`);
      }
      const expression = parseExpression(definition.threshold);
      if (!AGGREGATIONS[metric.type].test(expression.aggregation)) {
        throw new ConfigError(
          `invalid threshold "${definition.threshold}" on ${metricKey}: "${expression.aggregation}" is not an aggregation of a ${metric.type} metric`,
        );
      }
      const percentile = /^p\(([\d.]+)\)$/.exec(expression.aggregation);
      if (percentile && Number(percentile[1]) > 100) throw new ConfigError(`invalid percentile in "${definition.threshold}" on ${metricKey}`);
      return {
        metricKey,
        selector,
        source: definition.threshold,
        ...expression,
        abortOnFail: definition.abortOnFail === true,
        delayAbortEvalMs: definition.delayAbortEval === undefined ? 0 : parseDuration(definition.delayAbortEval, `delayAbortEval of ${metricKey}`),
      };
    });
  });
}

/** Whether `actual` (the threshold's aggregate) satisfies it. */
export function satisfies(threshold: Pick<Threshold, 'operator' | 'bound'>, actual: number): boolean {
  const { bound } = threshold;
  switch (threshold.operator) {
    case '<':
      return actual < bound;
    case '<=':
      return actual <= bound;
    case '>':
      return actual > bound;
    case '>=':
      return actual >= bound;
    case '==':
    case '===':
      return actual === bound;
    case '!=':
      return actual !== bound;
  }
}

/** Whether a sample with `tags` belongs to the sub-metric `selector`. */
export function matchesTags(selector: MetricSelector, tags: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector.tags).every(([name, value]) => tags[name] === value);
}
