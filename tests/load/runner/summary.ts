import { createHash } from 'node:crypto';
import type { MetricEntry, ThresholdResult } from './metric-registry';
import type { MetricDefinition, Sample } from './metric-sink';

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

interface CheckCount {
  passes: number;
  fails: number;
}

/** Passes and failures of every check, by group path and name, for the summary's tree. */
export class CheckTally {
  readonly counts = new Map<string, Map<string, CheckCount>>();

  add(samples: readonly Sample[]): void {
    for (const { metric, value, tags } of samples) {
      if (metric !== 'checks') continue;
      const group = this.group(tags.group ?? '');
      const count = group.get(tags.check ?? '') ?? { passes: 0, fails: 0 };
      group.set(tags.check ?? '', count);
      if (value) count.passes += 1;
      else count.fails += 1;
    }
  }

  /** The checks of the group at `path`, its enclosing groups registered too so the tree has no gaps. */
  private group(path: string): Map<string, CheckCount> {
    let group = this.counts.get(path);
    if (!group) {
      group = new Map();
      this.counts.set(path, group);
      if (path !== '') this.group(path.slice(0, path.lastIndexOf('::')));
    }
    return group;
  }
}

export interface SummaryInput {
  readonly entries: readonly MetricEntry[];
  readonly results: readonly ThresholdResult[];
  readonly checks: CheckTally;
  readonly trendStats: readonly string[];
  readonly testSeconds: number;
}

/** The end-of-test summary as k6's `--summary-export` writes it (a threshold's value: true when it failed). */
export function summaryExport(input: SummaryInput): object {
  const metrics = Object.fromEntries(
    input.entries.map((entry) => {
      const thresholds = input.results.filter((r) => r.threshold.metricKey === entry.key);
      return [
        entry.key,
        {
          ...exportedValues(entry, input),
          ...(thresholds.length ? { thresholds: Object.fromEntries(thresholds.map((r) => [r.threshold.source, !r.ok])) } : {}),
        },
      ];
    }),
  );
  return { root_group: exportedGroup('', '', input.checks), metrics };
}

function exportedValues({ definition, sink }: MetricEntry, input: SummaryInput): Record<string, number> {
  switch (definition.type) {
    case 'counter':
      return { count: sink.aggregate('count', input.testSeconds), rate: sink.aggregate('rate', input.testSeconds) };
    case 'gauge':
      return { value: sink.aggregate('value', 0), min: sink.aggregate('min', 0), max: sink.aggregate('max', 0) };
    case 'rate':
      return { passes: sink.passes, fails: sink.fails, value: sink.aggregate('rate', 0) };
    case 'trend':
      return Object.fromEntries(input.trendStats.map((stat) => [stat, sink.aggregate(stat, 0)]));
  }
}

function exportedGroup(name: string, path: string, tally: CheckTally): object {
  const children = [...tally.counts.keys()].filter((p) => p.startsWith(`${path}::`) && !p.slice(path.length + 2).includes('::'));
  const checks = [...(tally.counts.get(path) ?? new Map<string, CheckCount>())].map(([check, count]) => [
    check,
    { name: check, path: `${path}::${check}`, id: md5(`${path}::${check}`), ...count },
  ]);
  return {
    name,
    path,
    id: md5(path),
    groups: Object.fromEntries(children.map((child) => [child.slice(path.length + 2), exportedGroup(child.slice(path.length + 2), child, tally)])),
    checks: Object.fromEntries(checks),
  };
}

/** The end-of-test summary for a terminal: thresholds, checks by group, then every metric. */
export function summaryText(input: SummaryInput): string {
  const lines: string[] = [];
  if (input.results.length) {
    lines.push('  █ THRESHOLDS', '');
    for (const key of new Set(input.results.map((r) => r.threshold.metricKey))) {
      lines.push(`    ${key}`);
      for (const { threshold, actual, ok } of input.results.filter((r) => r.threshold.metricKey === key)) {
        const entry = input.entries.find((e) => e.key === key)!;
        lines.push(`    ${ok ? '✓' : '✗'} '${threshold.source}' ${threshold.aggregation}=${formatValue(actual, threshold.aggregation, entry.definition)}`);
      }
      lines.push('');
    }
  }
  lines.push('  █ TOTAL RESULTS', '');
  for (const [group, counts] of [...input.checks.counts].sort(([a], [b]) => a.localeCompare(b))) {
    const depth = group === '' ? 0 : group.split('::').length - 1;
    const indent = '    ' + '  '.repeat(depth);
    if (group !== '') lines.push(`${'    ' + '  '.repeat(depth - 1)}█ ${group.split('::').at(-1)}`);
    for (const [name, { passes, fails }] of counts) {
      lines.push(`${indent}${fails ? '✗' : '✓'} ${name}`);
      if (fails) lines.push(`${indent}  ↳ ${Math.floor((passes / (passes + fails)) * 100)}% — ✓ ${passes} / ✗ ${fails}`);
    }
  }
  lines.push('');
  for (const entry of input.entries) {
    const label = entry.key === entry.definition.name ? entry.key : `  ${entry.key.slice(entry.definition.name.length)}`;
    lines.push(`    ${label.padEnd(40, '.')}: ${metricLine(entry, input)}`);
  }
  return lines.join('\n');
}

function metricLine({ definition, sink }: MetricEntry, input: SummaryInput): string {
  switch (definition.type) {
    case 'counter':
      return `${round(sink.aggregate('count', input.testSeconds))} ${round(sink.aggregate('rate', input.testSeconds))}/s`;
    case 'gauge':
      return `${round(sink.aggregate('value', 0))} min=${round(sink.aggregate('min', 0))} max=${round(sink.aggregate('max', 0))}`;
    case 'rate':
      return `${formatValue(sink.aggregate('rate', 0), 'rate', definition)} ✓ ${sink.passes} ✗ ${sink.fails}`;
    case 'trend':
      return input.trendStats.map((stat) => `${stat}=${formatValue(sink.aggregate(stat, 0), stat, definition)}`).join(' ');
  }
}

function formatValue(value: number, aggregation: string, { type, isTime }: MetricDefinition): string {
  if (type === 'rate') return `${(value * 100).toFixed(2)}%`;
  return isTime && aggregation !== 'count' ? formatDuration(value) : round(value);
}

/** `ms` for display, as k6 prints durations: `350µs`, `12.5ms`, `1.2s`, `2m5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1_000) return `${round(ms)}ms`;
  if (ms < 60_000) return `${round(ms / 1_000)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${round((ms - minutes * 60_000) / 1_000)}s`;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
