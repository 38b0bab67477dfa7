import { describe, expect, it } from 'vitest';
import { MetricRegistry } from './metric-registry';
import { BUILTIN_METRICS, MetricSink, type MetricDefinition } from './metric-sink';
import { ConfigError } from './option-values';
import { parseExpression, parseMetricKey, parseThresholds, satisfies } from './thresholds';

const METRICS = new Map<string, MetricDefinition>([
  ...BUILTIN_METRICS.map((metric) => [metric.name, metric] as const),
  ['oversold', { name: 'oversold', type: 'counter', isTime: false }],
  ['queue', { name: 'queue', type: 'gauge', isTime: false }],
]);

describe('threshold expressions', () => {
  it('reads the aggregation, operator and bound, spaces or not', () => {
    expect(parseExpression('p(95)<500')).toEqual({ aggregation: 'p(95)', operator: '<', bound: 500 });
    expect(parseExpression(' p( 99.9 ) <= 1.5e3 ')).toEqual({ aggregation: 'p(99.9)', operator: '<=', bound: 1500 });
    expect(parseExpression('rate==1')).toEqual({ aggregation: 'rate', operator: '==', bound: 1 });
    expect(parseExpression('count != -2')).toEqual({ aggregation: 'count', operator: '!=', bound: -2 });
  });

  it.each(['p95<500', 'rate<', '<0.1', 'rate ~ 1', 'rate<1s', 'avg<500 && max<900'])('refuses "%s"', (source) => {
    expect(() => parseExpression(source)).toThrow(ConfigError);
  });

  it('compares as k6 does, == and === alike', () => {
    const cases: Array<[string, number, boolean]> = [
      ['rate<0.01', 0.01, false],
      ['rate<=0.01', 0.01, true],
      ['p(95)>100', 100.5, true],
      ['avg>=100', 99.9, false],
      ['count==0', 0, true],
      ['count===0', 1, false],
      ['count!=0', 1, true],
    ];
    for (const [source, actual, ok] of cases) expect(satisfies(parseExpression(source), actual), source).toBe(ok);
  });

  it('reads a sub-metric key into its metric and tag filter', () => {
    expect(parseMetricKey('http_req_duration')).toEqual({ name: 'http_req_duration', tags: {} });
    expect(parseMetricKey('http_req_duration{scenario:peak, name:GET /api/x}')).toEqual({
      name: 'http_req_duration',
      tags: { scenario: 'peak', name: 'GET /api/x' },
    });
    expect(parseMetricKey('http_reqs{url:http://127.0.0.1:8080/health}').tags).toEqual({ url: 'http://127.0.0.1:8080/health' });
    expect(() => parseMetricKey('checks{scenario}')).toThrow(ConfigError);
    expect(() => parseMetricKey('checks{}')).toThrow(ConfigError);
  });
});

describe('options.thresholds', () => {
  it('takes strings and objects, with abortOnFail and delayAbortEval', () => {
    const thresholds = parseThresholds(
      { http_req_failed: ['rate<0.01'], 'http_req_duration{scenario:peak}': [{ threshold: 'p(95)<500', abortOnFail: true, delayAbortEval: '10s' }] },
      METRICS,
    );
    expect(thresholds).toMatchObject([
      { metricKey: 'http_req_failed', source: 'rate<0.01', abortOnFail: false, delayAbortEvalMs: 0 },
      { metricKey: 'http_req_duration{scenario:peak}', selector: { name: 'http_req_duration', tags: { scenario: 'peak' } }, abortOnFail: true, delayAbortEvalMs: 10_000 },
    ]);
  });

  it.each([
    [{ nope: ['count<1'] }, /no metric named "nope"/],
    [{ checks: ['p(95)<1'] }, /not an aggregation of a rate metric/],
    [{ http_req_duration: ['rate<1'] }, /not an aggregation of a trend metric/],
    [{ oversold: ['avg<1'] }, /not an aggregation of a counter metric/],
    [{ queue: ['count<1'] }, /not an aggregation of a gauge metric/],
    [{ http_req_duration: ['p(101)<1'] }, /invalid percentile/],
    [{ checks: 'rate>0.9' }, /must be an array/],
    [{ checks: [{ abortOnFail: true }] }, /expected a string or/],
  ])('refuses %j as k6 does', (raw, message) => {
    expect(() => parseThresholds(raw, METRICS)).toThrow(message);
  });
});

describe('aggregates', () => {
  const trend = (values: number[]) => {
    const sink = new MetricSink('trend');
    for (const value of values) sink.add(value);
    return sink;
  };

  it("interpolates percentiles between neighbours, as k6's trend sink does", () => {
    const sink = trend([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    expect(sink.aggregate('p(95)', 1)).toBeCloseTo(9.55);
    expect(sink.aggregate('p(90)', 1)).toBeCloseTo(9.1);
    expect(sink.aggregate('med', 1)).toBeCloseTo(5.5);
    expect(sink.aggregate('p(0)', 1)).toBe(1);
    expect(sink.aggregate('p(100)', 1)).toBe(10);
    expect(sink.aggregate('avg', 1)).toBe(5.5);
    expect([sink.aggregate('min', 1), sink.aggregate('max', 1), sink.aggregate('count', 1)]).toEqual([1, 10, 10]);
    expect(trend([42]).aggregate('p(99)', 1)).toBe(42);
  });

  it('counts a rate as its share of non-zero samples and a counter as its sum, per second of the test', () => {
    const rate = new MetricSink('rate');
    for (const value of [1, 0, 0, 1]) rate.add(value);
    expect([rate.aggregate('rate', 1), rate.passes, rate.fails]).toEqual([0.5, 2, 2]);
    const counter = new MetricSink('counter');
    for (const value of [3, 4, 5]) counter.add(value);
    expect([counter.aggregate('count', 4), counter.aggregate('rate', 4)]).toEqual([12, 3]);
  });

  it('aggregates a metric without samples to 0', () => {
    expect(new MetricSink('rate').aggregate('rate', 1)).toBe(0);
    expect(new MetricSink('trend').aggregate('p(95)', 1)).toBe(0);
  });
});

describe('evaluation', () => {
  const sample = (metric: string, value: number, tags: Record<string, string> = {}) => ({ metric, value, tags });

  it('judges a sub-metric only on the samples carrying all its tags', () => {
    const thresholds = parseThresholds(
      { http_req_duration: ['max<1000'], 'http_req_duration{scenario:peak,status:201}': ['max<100'], checks: ['rate==1'] },
      METRICS,
    );
    const registry = new MetricRegistry(METRICS, thresholds);
    registry.add([
      sample('http_req_duration', 50, { scenario: 'peak', status: '201' }),
      sample('http_req_duration', 500, { scenario: 'peak', status: '409' }),
      sample('http_req_duration', 900, { scenario: 'steady', status: '201' }),
      sample('checks', 1),
      sample('checks', 0),
    ]);
    expect(registry.evaluate(1).map(({ threshold, actual, ok }) => [threshold.metricKey, actual, ok])).toEqual([
      ['http_req_duration', 900, true],
      ['http_req_duration{scenario:peak,status:201}', 50, true],
      ['checks', 0.5, false],
    ]);
    expect(registry.entries().map((entry) => entry.key)).toEqual(['checks', 'http_req_duration', 'http_req_duration{scenario:peak,status:201}']);
  });

  it('evaluates a threshold whose metric saw nothing, against 0', () => {
    const registry = new MetricRegistry(METRICS, parseThresholds({ checks: ['rate>0.99'], oversold: ['count==0'] }, METRICS));
    expect(registry.evaluate(1).map(({ actual, ok }) => [actual, ok])).toEqual([
      [0, false],
      [0, true],
    ]);
  });
});
