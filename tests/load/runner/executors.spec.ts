import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { arrivalOffsets } from './arrival-schedule';
import { runExecutor, type ExecutorEnv, type ExecutorVu } from './executors';
import { ConfigError } from './option-values';
import { parseScenarios, type ScenarioConfig } from './scenario-config';

describe('arrival schedule', () => {
  it('spreads a constant rate evenly from the start', () => {
    expect(arrivalOffsets([{ durationMs: 1000, fromRate: 10 / 1000, toRate: 10 / 1000 }])).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('starts a ramp from 0 slowly and ever faster: iteration i when rate² t/2 reaches i', () => {
    const offsets = arrivalOffsets([{ durationMs: 1000, fromRate: 0, toRate: 10 / 1000 }]);
    expect(offsets.map(Math.round)).toEqual([0, 447, 632, 775, 894]);
    expect(offsets[3]).toBeCloseTo(Math.sqrt(3 / 5) * 1000);
  });

  it('follows the stages one after the other, a ramp down included', () => {
    const rate = 10 / 1000;
    const offsets = arrivalOffsets([
      { durationMs: 1000, fromRate: 0, toRate: rate },
      { durationMs: 500, fromRate: rate, toRate: rate },
      { durationMs: 1000, fromRate: rate, toRate: 0 },
    ]);
    expect(offsets).toHaveLength(5 + 5 + 5);
    expect(offsets.slice(5, 10).map(Math.round)).toEqual([1000, 1100, 1200, 1300, 1400]);
    expect(offsets.slice(10).map(Math.round)).toEqual([1500, 1606, 1725, 1868, 2053]);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
  });
});

describe('scenario options', () => {
  it("fills in k6's defaults", () => {
    const [scenario] = parseScenarios({ scenarios: { peak: { executor: 'ramping-arrival-rate', preAllocatedVUs: 2, stages: [{ duration: '1m30s', target: 5 }] } } });
    expect(scenario).toMatchObject({
      name: 'peak',
      exec: 'default',
      startTimeMs: 0,
      gracefulStopMs: 30_000,
      startRate: 0,
      timeUnitMs: 1000,
      maxVUs: 2,
      stages: [{ durationMs: 90_000, target: 5 }],
    });
  });

  it.each([
    [{ vus: 1, duration: '10s' }, /runs options.scenarios only \(found the shortcut option vus, duration\)/],
    [{ scenarios: { a: { executor: 'externally-controlled' } } }, /"externally-controlled" is not implemented by this runner/],
    [{ scenarios: { a: { executor: 'constant-vus', vus: 2 } } }, /scenario a: duration must be a duration/],
    [{ scenarios: { a: { executor: 'constant-vus', vus: 2, duration: '10 s' } } }, /"10 s" is not a duration/],
    [{ scenarios: { a: { executor: 'constant-arrival-rate', rate: 1.5, duration: '1s', preAllocatedVUs: 1 } } }, /rate must be a whole number/],
  ])('refuses %j', (options, message) => {
    expect(() => parseScenarios(options)).toThrow(ConfigError);
    expect(() => parseScenarios(options)).toThrow(message);
  });
});

/** VUs whose iterations take `iterationMs` of (fake) time, recording when each started. */
class FakeVus {
  readonly starts: Array<{ vu: number; at: number }> = [];
  interrupted = 0;
  dropped = 0;
  created = 0;

  constructor(private readonly iterationMs: number) {}

  env(signal = new AbortController().signal): ExecutorEnv {
    return { signal, dropIteration: () => void (this.dropped += 1), newVu: async () => this.vu() };
  }

  private vu(): ExecutorVu {
    const id = ++this.created;
    let running: { timer: NodeJS.Timeout; finish: () => void } | undefined;
    return {
      iterate: () =>
        new Promise<void>((resolve) => {
          this.starts.push({ vu: id, at: Date.now() });
          const finish = () => {
            clearTimeout(running?.timer);
            running = undefined;
            resolve();
          };
          running = { timer: setTimeout(finish, this.iterationMs), finish };
        }),
      interrupt: async () => {
        if (!running) return;
        this.interrupted += 1;
        running.finish();
      },
    };
  }

  startTimes(): number[] {
    return this.starts.map((start) => start.at);
  }
}

const scenario = (options: Record<string, unknown>): ScenarioConfig => parseScenarios({ scenarios: { test: options } })[0]!;

describe('executors', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function run(config: ScenarioConfig, env: ExecutorEnv, advanceMs: number): Promise<void> {
    const done = runExecutor(config, env);
    await vi.advanceTimersByTimeAsync(advanceMs);
    await done;
  }

  it('constant-vus: every VU loops iterations until the duration, then lets the last one finish', async () => {
    const vus = new FakeVus(300);
    await run(scenario({ executor: 'constant-vus', vus: 2, duration: '1s' }), vus.env(), 2_000);
    expect(vus.created).toBe(2);
    expect(vus.startTimes()).toEqual([0, 0, 300, 300, 600, 600, 900, 900]);
    expect(vus.interrupted).toBe(0);
  });

  it('per-vu-iterations: each VU runs its iterations one after the other', async () => {
    const vus = new FakeVus(100);
    await run(scenario({ executor: 'per-vu-iterations', vus: 3, iterations: 2 }), vus.env(), 1_000);
    expect(vus.starts.filter((s) => s.at === 0).map((s) => s.vu)).toEqual([1, 2, 3]);
    expect(vus.starts.filter((s) => s.at === 100).map((s) => s.vu)).toEqual([1, 2, 3]);
    expect(vus.starts).toHaveLength(6);
  });

  it('interrupts what still runs once the graceful stop is over', async () => {
    const vus = new FakeVus(60_000);
    const done = runExecutor(scenario({ executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '500ms' }), vus.env());
    await vi.advanceTimersByTimeAsync(1_499);
    expect(vus.interrupted).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(vus.interrupted).toBe(1);
    expect(vus.startTimes()).toEqual([0]);
  });

  it('constant-arrival-rate: starts iterations on time on idle VUs, drops them when none is idle, grows to maxVUs', async () => {
    const vus = new FakeVus(250);
    await run(scenario({ executor: 'constant-arrival-rate', rate: 10, duration: '1s', preAllocatedVUs: 1, maxVUs: 2 }), vus.env(), 2_000);
    // 0: VU 1; 100: none idle, dropped, VU 2 initialised; 400 and 700: both busy, dropped.
    expect(vus.startTimes()).toEqual([0, 200, 300, 500, 600, 800, 900]);
    expect(vus.dropped).toBe(3);
    expect(vus.created).toBe(2);
  });

  it('ramping-arrival-rate: starts the iterations the stages schedule', async () => {
    const vus = new FakeVus(10);
    const config = scenario({ executor: 'ramping-arrival-rate', preAllocatedVUs: 1, timeUnit: '1s', stages: [{ duration: '1s', target: 10 }, { duration: '1s', target: 10 }] });
    await run(config, vus.env(), 3_000);
    // Timers fire on whole milliseconds.
    expect(vus.startTimes()).toEqual([0, 447, 632, 774, 894, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900]);
    expect(vus.dropped).toBe(0);
  });

  it('an abort starts nothing more and interrupts the running iterations', async () => {
    const vus = new FakeVus(400);
    const abort = new AbortController();
    const done = runExecutor(scenario({ executor: 'constant-vus', vus: 2, duration: '10s' }), vus.env(abort.signal));
    await vi.advanceTimersByTimeAsync(1_000);
    abort.abort();
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(vus.startTimes()).toEqual([0, 0, 400, 400, 800, 800]);
    expect(vus.interrupted).toBe(2);
  });
});
