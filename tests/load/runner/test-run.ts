import { writeFile } from 'node:fs/promises';
import type { ExecutorEnv } from './executors';
import { runExecutor } from './executors';
import { importScript } from './k6-script';
import { MetricRegistry } from './metric-registry';
import type { Sample } from './metric-sink';
import { ConfigError, parseDuration } from './option-values';
import { parseScenarios, type ScenarioConfig } from './scenario-config';
import { CheckTally, DEFAULT_TREND_STATS, summaryExport, summaryText } from './summary';
import { parseThresholds, type Threshold } from './thresholds';
import { runtime } from './vu-runtime';
import { VuPool, VuThread, type VuBoot, type VuCall } from './vu-thread';

/** k6's exit codes for the outcomes this runner can have. */
export const EXIT_CODES = {
  ok: 0,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  invalidConfig: 104,
  externalAbort: 105,
  scriptException: 107,
} as const;

export interface RunRequest {
  /** Absolute path of the k6 script. */
  readonly script: string;
  /** `__ENV`: the process environment with `-e` values over it, as `k6 run` builds it. */
  readonly env: Readonly<Record<string, string>>;
  readonly summaryExport?: string | undefined;
  readonly quiet?: boolean | undefined;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

interface TestPlan {
  readonly scenarios: ScenarioConfig[];
  readonly thresholds: Threshold[];
  readonly trendStats: string[];
  readonly setupTimeoutMs: number;
  readonly teardownTimeoutMs: number;
}

/** Loads a k6 script, runs its setup, scenarios and teardown, prints the summary; answers k6's exit code. */
export async function runTest(request: RunRequest): Promise<number> {
  let script: Record<string, unknown>;
  let plan: TestPlan;
  try {
    script = await importScript(request.script, request.env);
    plan = planTest(script);
  } catch (error) {
    request.err(`ERRO ${error instanceof Error ? error.message : String(error)}`);
    return error instanceof ConfigError ? EXIT_CODES.invalidConfig : EXIT_CODES.scriptException;
  }
  if (!request.quiet) request.out(describePlan(request.script, plan));
  const run = new TestRun(request, plan, script);
  try {
    return await run.execute();
  } catch (error) {
    request.err(`ERRO ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_CODES.scriptException;
  } finally {
    await run.close();
  }
}

/** The script's options as this runner runs them; refused (ConfigError) as k6 would refuse them, or when unsupported. */
function planTest(script: Record<string, unknown>): TestPlan {
  const options = (script.options ?? {}) as Record<string, unknown>;
  const scenarios = parseScenarios(options);
  for (const { name, exec } of scenarios) {
    if (typeof script[exec] !== 'function') throw new ConfigError(`scenario ${name}: the script exports no function "${exec}"`);
  }
  const trendStats = (options.summaryTrendStats as string[] | undefined) ?? DEFAULT_TREND_STATS;
  const invalidStat = trendStats.find((stat) => !/^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$/.test(stat));
  if (invalidStat !== undefined) throw new ConfigError(`summaryTrendStats: unknown statistic "${invalidStat}"`);
  return {
    scenarios,
    thresholds: parseThresholds(options.thresholds, runtime.metrics),
    trendStats,
    setupTimeoutMs: parseDuration(options.setupTimeout ?? '60s', 'setupTimeout'),
    teardownTimeoutMs: parseDuration(options.teardownTimeout ?? '60s', 'teardownTimeout'),
  };
}

function describePlan(script: string, plan: TestPlan): string {
  const scenarios = plan.scenarios.map((s) => `    * ${s.name}: ${s.executor}, exec: ${s.exec}${s.startTimeMs ? `, startTime: ${s.startTimeMs / 1000}s` : ''}`);
  return [`  execution: Tillwire's k6-compatible runner (tests/load/runner)`, `     script: ${script}`, `  scenarios: ${plan.scenarios.length}`, ...scenarios, ''].join('\n');
}

class TestRun {
  private readonly registry: MetricRegistry;
  private readonly checks = new CheckTally();
  private readonly pool: VuPool;
  private readonly boot: VuBoot;
  private readonly abort = new AbortController();
  private helper: VuThread | undefined;
  private interrupted = false;
  private startedAt = Date.now();

  constructor(
    private readonly request: RunRequest,
    private readonly plan: TestPlan,
    private readonly script: Record<string, unknown>,
  ) {
    this.registry = new MetricRegistry(runtime.metrics, plan.thresholds);
    this.boot = { script: request.script, env: request.env };
    this.pool = new VuPool(this.boot);
  }

  async execute(): Promise<number> {
    const onSignal = () => {
      this.interrupted = true;
      this.abort.abort();
    };
    process.once('SIGINT', onSignal);
    let watcher: NodeJS.Timeout | undefined;
    try {
      await this.pool.prepare(this.plan.scenarios.reduce((sum, s) => sum + ('vus' in s ? s.vus : s.preAllocatedVUs), 0));
      const setup = await this.lifecycle({ kind: 'setup' }, this.plan.setupTimeoutMs);
      if (typeof setup === 'number') return setup;
      this.startedAt = Date.now();
      watcher = this.watchThresholds();
      await Promise.all(this.plan.scenarios.map((scenario) => this.runScenario(scenario, setup.data)));
      clearInterval(watcher);
      const testSeconds = (Date.now() - this.startedAt) / 1000;
      const teardown = await this.lifecycle({ kind: 'teardown', data: setup.data }, this.plan.teardownTimeoutMs);
      if (typeof teardown === 'number') return teardown;
      return await this.report(testSeconds);
    } finally {
      clearInterval(watcher);
      process.off('SIGINT', onSignal);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.helper?.close()]);
  }

  /** Runs setup or teardown when the script exports it; a number is the exit code it ended the test with. */
  private async lifecycle(call: VuCall & { kind: 'setup' | 'teardown' }, timeoutMs: number): Promise<{ data: unknown } | number> {
    if (typeof this.script[call.kind] !== 'function') return { data: undefined };
    this.helper ??= await VuThread.start(0, this.boot);
    const helper = this.helper;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([helper.call(call), timedOut]).finally(() => clearTimeout(timer));
    if (outcome === 'timeout') {
      await helper.interrupt();
      this.request.err(`ERRO ${call.kind}() did not finish within ${timeoutMs / 1000}s`);
      return call.kind === 'setup' ? EXIT_CODES.setupTimeout : EXIT_CODES.teardownTimeout;
    }
    this.record(outcome!.samples);
    if (outcome!.error !== undefined) {
      this.request.err(`ERRO ${call.kind}() failed: ${outcome!.error}`);
      return EXIT_CODES.scriptException;
    }
    return { data: outcome!.result === undefined ? undefined : (JSON.parse(outcome!.result) as unknown) };
  }

  private async runScenario(scenario: ScenarioConfig, data: unknown): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, scenario.startTimeMs);
      this.abort.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    if (this.abort.signal.aborted) return;
    const threads: VuThread[] = [];
    const env: ExecutorEnv = {
      signal: this.abort.signal,
      dropIteration: () => this.record([{ metric: 'dropped_iterations', value: 1, tags: { ...scenario.tags, scenario: scenario.name } }]),
      newVu: async () => {
        const thread = await this.pool.acquire();
        threads.push(thread);
        let iteration = 0;
        return {
          iterate: async () => {
            const call = { kind: 'iteration', exec: scenario.exec, scenario: scenario.name, iteration: iteration++, data, env: scenario.env, tags: scenario.tags } as const;
            const outcome = await thread.call(call);
            if (!outcome) return;
            this.record(outcome.samples);
            if (outcome.error !== undefined) this.request.err(`ERRO[${this.elapsed()}] ${outcome.error} scenario=${scenario.name} vu=${thread.id}`);
          },
          interrupt: () => thread.interrupt(),
        };
      },
    };
    try {
      await runExecutor(scenario, env);
    } finally {
      for (const thread of threads) this.pool.release(thread);
    }
  }

  /** With an abortOnFail threshold: evaluates every second and aborts the test once one fails (after its delayAbortEval). */
  private watchThresholds(): NodeJS.Timeout | undefined {
    if (!this.plan.thresholds.some((t) => t.abortOnFail)) return undefined;
    return setInterval(() => {
      const elapsedMs = Date.now() - this.startedAt;
      const crossed = this.registry
        .evaluate(elapsedMs / 1000)
        .filter(({ ok, threshold }) => !ok && threshold.abortOnFail && elapsedMs >= threshold.delayAbortEvalMs);
      if (crossed.length === 0 || this.abort.signal.aborted) return;
      this.request.err(`ERRO[${this.elapsed()}] thresholds on metrics '${crossed.map((c) => c.threshold.metricKey).join("', '")}' were crossed; the test is aborted`);
      this.abort.abort();
    }, 1_000);
  }

  private async report(testSeconds: number): Promise<number> {
    const results = this.registry.evaluate(testSeconds);
    const input = { entries: this.registry.entries(), results, checks: this.checks, trendStats: this.plan.trendStats, testSeconds };
    this.request.out(summaryText(input));
    if (this.request.summaryExport) await writeFile(this.request.summaryExport, `${JSON.stringify(summaryExport(input), null, 2)}\n`);
    if (results.some((r) => !r.ok)) {
      this.request.err(`ERRO thresholds on metrics '${[...new Set(results.filter((r) => !r.ok).map((r) => r.threshold.metricKey))].join("', '")}' have been crossed`);
      return EXIT_CODES.thresholdsFailed;
    }
    return this.interrupted ? EXIT_CODES.externalAbort : EXIT_CODES.ok;
  }

  private record(samples: readonly Sample[]): void {
    this.registry.add(samples);
    this.checks.add(samples);
  }

  private elapsed(): string {
    return String(Math.floor((Date.now() - this.startedAt) / 1000)).padStart(4, '0');
  }
}

