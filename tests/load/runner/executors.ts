import { arrivalOffsets, type RateSegment } from './arrival-schedule';
import type { ScenarioConfig } from './scenario-config';

/** A VU as an executor sees it. */
export interface ExecutorVu {
  /** Runs one iteration of the scenario; resolves when it ended, completed or interrupted. */
  iterate(): Promise<void>;
  /** Ends the iteration in progress at once; nothing when the VU is idle. */
  interrupt(): Promise<void>;
}

export interface ExecutorEnv {
  /** An initialised VU for this scenario. */
  newVu(): Promise<ExecutorVu>;
  /** An arrival-rate iteration found no idle VU and did not start (k6's dropped_iterations). */
  dropIteration(): void;
  /** The whole test is being aborted: start nothing more, interrupt what runs. */
  readonly signal: AbortSignal;
}

/** Runs one scenario's iterations on VUs from `env` as k6's executor of that name schedules them. */
export async function runExecutor(scenario: ScenarioConfig, env: ExecutorEnv): Promise<void> {
  switch (scenario.executor) {
    case 'constant-vus': {
      const vus = await newVus(scenario.vus, env);
      const end = Date.now() + scenario.durationMs;
      const loops = vus.map(async (vu) => {
        while (Date.now() < end && !env.signal.aborted) await vu.iterate();
      });
      return finish(loops, () => vus, end + scenario.gracefulStopMs, env.signal);
    }
    case 'per-vu-iterations': {
      const vus = await newVus(scenario.vus, env);
      const end = Date.now() + scenario.maxDurationMs;
      const loops = vus.map(async (vu) => {
        for (let i = 0; i < scenario.iterations && Date.now() < end && !env.signal.aborted; i += 1) await vu.iterate();
      });
      return finish(loops, () => vus, end + scenario.gracefulStopMs, env.signal);
    }
    case 'constant-arrival-rate': {
      const rate = scenario.rate / scenario.timeUnitMs;
      return arrivalRate([{ durationMs: scenario.durationMs, fromRate: rate, toRate: rate }], scenario, env);
    }
    case 'ramping-arrival-rate': {
      let fromRate = scenario.startRate / scenario.timeUnitMs;
      const segments = scenario.stages.map(({ durationMs, target }): RateSegment => {
        const segment = { durationMs, fromRate, toRate: target / scenario.timeUnitMs };
        fromRate = segment.toRate;
        return segment;
      });
      return arrivalRate(segments, scenario, env);
    }
  }
}

/**
 * Starts iterations at their arrival times on idle VUs. With none idle the iteration is dropped, and
 * while fewer than maxVUs exist another VU is initialised for the iterations to come, as k6 does.
 */
async function arrivalRate(
  segments: readonly RateSegment[],
  limits: { readonly preAllocatedVUs: number; readonly maxVUs: number; readonly gracefulStopMs: number },
  env: ExecutorEnv,
): Promise<void> {
  const vus = await newVus(limits.preAllocatedVUs, env);
  const idle = [...vus];
  const growing: Array<Promise<void>> = [];
  const runs: Array<Promise<void>> = [];
  const start = Date.now();
  for (const offset of arrivalOffsets(segments)) {
    await waitUntil(start + offset, env.signal);
    if (env.signal.aborted) break;
    const vu = idle.pop();
    if (vu) {
      runs.push(vu.iterate().then(() => void idle.push(vu)));
      continue;
    }
    env.dropIteration();
    if (vus.length + growing.length < limits.maxVUs) {
      const grown = env.newVu().then((added) => {
        vus.push(added);
        idle.push(added);
        growing.splice(growing.indexOf(grown), 1);
      });
      growing.push(grown);
    }
  }
  const end = start + segments.reduce((total, segment) => total + segment.durationMs, 0);
  await waitUntil(end, env.signal);
  await Promise.all(growing);
  return finish(runs, () => vus, end + limits.gracefulStopMs, env.signal);
}

function newVus(count: number, env: ExecutorEnv): Promise<ExecutorVu[]> {
  return Promise.all(Array.from({ length: count }, () => env.newVu()));
}

/** Waits for `runs` until `graceDeadline` (or an abort), then interrupts whatever still runs. */
async function finish(runs: Array<Promise<void>>, vus: () => ExecutorVu[], graceDeadline: number, signal: AbortSignal): Promise<void> {
  const all = Promise.all(runs);
  await Promise.race([all, waitUntil(graceDeadline, signal)]);
  await Promise.all(vus().map((vu) => vu.interrupt()));
  await all;
}

/** Resolves at `time` (epoch ms), or at once when `signal` aborts. */
function waitUntil(time: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, time - Date.now()));
    signal.addEventListener('abort', done);
  });
}
