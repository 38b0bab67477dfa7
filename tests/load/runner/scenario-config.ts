import { ConfigError, isRecord, parseDuration } from './option-values';

interface Common {
  readonly name: string;
  /** The exported function each iteration calls. */
  readonly exec: string;
  readonly startTimeMs: number;
  /** How long iterations still running at the scenario's end may finish before they are interrupted. */
  readonly gracefulStopMs: number;
  readonly env: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

export type ExecutorConfig =
  | { readonly executor: 'constant-vus'; readonly vus: number; readonly durationMs: number }
  | { readonly executor: 'per-vu-iterations'; readonly vus: number; readonly iterations: number; readonly maxDurationMs: number }
  | {
      readonly executor: 'constant-arrival-rate';
      readonly rate: number;
      readonly timeUnitMs: number;
      readonly durationMs: number;
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    }
  | {
      readonly executor: 'ramping-arrival-rate';
      readonly startRate: number;
      readonly timeUnitMs: number;
      readonly stages: ReadonlyArray<{ readonly durationMs: number; readonly target: number }>;
      readonly preAllocatedVUs: number;
      readonly maxVUs: number;
    };

export type ScenarioConfig = Common & ExecutorConfig;

export const SUPPORTED_EXECUTORS = ['constant-vus', 'per-vu-iterations', 'constant-arrival-rate', 'ramping-arrival-rate'] as const;

/** `options.scenarios` with k6's defaults filled in; anything this runner cannot run is refused by name. */
export function parseScenarios(options: Record<string, unknown>): ScenarioConfig[] {
  const raw = options.scenarios;
  if (raw === undefined) {
    const shortcut = ['vus', 'duration', 'iterations', 'stages'].filter((key) => key in options);
    throw new ConfigError(
      `this runner runs options.scenarios only${shortcut.length ? ` (found the shortcut option ${shortcut.join(', ')})` : ''}; declare a scenario with one of the executors ${SUPPORTED_EXECUTORS.join(', ')}`,
    );
  }
  if (!isRecord(raw) || Object.keys(raw).length === 0) throw new ConfigError('options.scenarios must name at least one scenario');
  return Object.entries(raw).map(([name, value]) => parseScenario(name, value));
}

function parseScenario(name: string, value: unknown): ScenarioConfig {
  if (!isRecord(value)) throw new ConfigError(`scenario ${name} must be an object`);
  const field = new Fields(name, value);
  const common: Common = {
    name,
    exec: field.string('exec', 'default'),
    startTimeMs: field.duration('startTime', '0s'),
    gracefulStopMs: field.duration('gracefulStop', '30s'),
    env: field.strings('env'),
    tags: field.strings('tags'),
  };
  switch (value.executor) {
    case 'constant-vus':
      return { ...common, executor: value.executor, vus: field.count('vus', 1), durationMs: field.duration('duration') };
    case 'per-vu-iterations':
      return {
        ...common,
        executor: value.executor,
        vus: field.count('vus', 1),
        iterations: field.count('iterations', 1),
        maxDurationMs: field.duration('maxDuration', '10m'),
      };
    case 'constant-arrival-rate': {
      const preAllocatedVUs = field.count('preAllocatedVUs');
      return {
        ...common,
        executor: value.executor,
        rate: field.count('rate'),
        timeUnitMs: field.duration('timeUnit', '1s'),
        durationMs: field.duration('duration'),
        preAllocatedVUs,
        maxVUs: Math.max(preAllocatedVUs, field.count('maxVUs', preAllocatedVUs)),
      };
    }
    case 'ramping-arrival-rate': {
      const preAllocatedVUs = field.count('preAllocatedVUs');
      return {
        ...common,
        executor: value.executor,
        startRate: field.count('startRate', 0),
        timeUnitMs: field.duration('timeUnit', '1s'),
        stages: field.stages(),
        preAllocatedVUs,
        maxVUs: Math.max(preAllocatedVUs, field.count('maxVUs', preAllocatedVUs)),
      };
    }
    default:
      throw new ConfigError(
        `scenario ${name}: executor ${JSON.stringify(value.executor)} is not implemented by this runner (it runs ${SUPPORTED_EXECUTORS.join(', ')})`,
      );
  }
}

/** Reads one scenario's fields, naming the scenario and field in every refusal. */
class Fields {
  constructor(
    private readonly scenario: string,
    private readonly value: Record<string, unknown>,
  ) {}

  string(key: string, fallback: string): string {
    const found = this.value[key] ?? fallback;
    if (typeof found !== 'string' || found === '') throw this.invalid(key, 'a non-empty string');
    return found;
  }

  duration(key: string, fallback?: string): number {
    const found = this.value[key] ?? fallback;
    if (found === undefined) throw this.invalid(key, 'a duration such as "30s"');
    return parseDuration(found, `scenario ${this.scenario}: ${key}`);
  }

  count(key: string, fallback?: number): number {
    const found = this.value[key] ?? fallback;
    if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) throw this.invalid(key, 'a whole number ≥ 0');
    return found;
  }

  strings(key: string): Record<string, string> {
    const found = this.value[key] ?? {};
    if (!isRecord(found) || Object.values(found).some((v) => typeof v !== 'string')) throw this.invalid(key, 'an object of strings');
    return found as Record<string, string>;
  }

  stages(): Array<{ durationMs: number; target: number }> {
    const found = this.value.stages;
    if (!Array.isArray(found) || found.length === 0) throw this.invalid('stages', 'a non-empty array of {duration, target}');
    return found.map((stage: unknown, index) => {
      if (!isRecord(stage)) throw this.invalid(`stages[${index}]`, 'an object {duration, target}');
      const item = new Fields(this.scenario, stage);
      return { durationMs: item.duration('duration'), target: item.count('target') };
    });
  }

  private invalid(key: string, expected: string): ConfigError {
    return new ConfigError(`scenario ${this.scenario}: ${key} must be ${expected}, got ${JSON.stringify(this.value[key])}`);
  }
}
