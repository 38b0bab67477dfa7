import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoadCli } from './load-cli-process';
import { startLoadPlatform, type LoadPlatform } from './load-platform';

const SCENARIOS = ['steady-checkout', 'peak', 'sku-contention', 'retry-storm', 'admin-polling'];

/**
 * Every scenario, briefly: durations scaled to a few seconds, short pauses, few storm iterations.
 * The latency bounds are set out of reach: performance belongs in benchmarks, and this asserts that
 * every threshold is evaluated on real samples and that the correctness ones hold.
 */
const BRIEF = {
  LOAD_SCALE: '0.02',
  THINK_TIME: '0.1',
  PEAK_RATE: '5',
  STORM_ITERATIONS: '3',
  // Few enough units that the contended SKUs sell out within the run.
  HOT_STOCK: '5',
  LATENCY_P95_MS: '600000',
  CHECKOUT_P95_MS: '600000',
};

interface ExportedMetric {
  thresholds?: Record<string, boolean>;
  passes?: number;
  fails?: number;
  count?: number;
  avg?: number;
}

let load: LoadPlatform;
let exportDir: string;

beforeAll(async () => {
  load = await startLoadPlatform();
  exportDir = await mkdtemp(path.join(os.tmpdir(), 'tw-load-'));
});

afterAll(async () => {
  await load?.stop();
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
});

describe('k6 load scenarios on the built-in runner', () => {
  it.each(SCENARIOS)('%s: every declared threshold is evaluated on samples and passes', async (scenario) => {
    const env = { ...load.credentials, ...BRIEF };
    const inspected = await runLoadCli(['inspect', scenario], env);
    expect(inspected.code, inspected.stderr).toBe(0);
    const declared = declaredThresholds(JSON.parse(inspected.stdout) as { thresholds: Record<string, unknown[]> });

    const exportFile = path.join(exportDir, `${scenario}.json`);
    const run = await runLoadCli([scenario, '--quiet', '--summary-export', exportFile], env);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);

    const metrics = (JSON.parse(await readFile(exportFile, 'utf8')) as { metrics: Record<string, ExportedMetric> }).metrics;
    const evaluated = Object.entries(metrics).flatMap(([metric, values]) =>
      Object.entries(values.thresholds ?? {}).map(([expression, failed]) => ({ threshold: `${metric}: ${expression}`, failed })),
    );
    expect(evaluated.map((e) => e.threshold).sort()).toEqual(declared.map((d) => d.threshold).sort());
    expect(evaluated.filter((e) => e.failed), run.stdout).toEqual([]);
    expect(metrics.iterations?.count).toBeGreaterThan(0);
    expect(metrics.checks?.passes).toBeGreaterThan(0);
    for (const { metric } of declared) expect(sampled(metrics[metric]!), `${metric} has samples`).toBe(true);
    if (scenario === 'sku-contention') expect(metrics.sold_out?.passes, 'hot SKUs sold out').toBeGreaterThan(0);
  });
});

function declaredThresholds(options: { thresholds: Record<string, unknown[]> }) {
  return Object.entries(options.thresholds).flatMap(([metric, list]) =>
    list.map((entry) => ({ metric, threshold: `${metric}: ${typeof entry === 'string' ? entry : (entry as { threshold: string }).threshold}` })),
  );
}

/**
 * Whether a rate judged any passes or failures, a trend any values. k6's export shows a counter's sum
 * only, so one without samples cannot be told from one that summed to 0: those count as sampled.
 */
function sampled(metric: ExportedMetric): boolean {
  if (metric.passes !== undefined) return metric.passes + metric.fails! > 0;
  if (metric.avg !== undefined) return metric.count! > 0;
  return true;
}
