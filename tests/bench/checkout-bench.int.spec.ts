import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTs, stop, WORKSPACE_ROOT, type RunningProcess } from '../support/processes';

const BENCH = path.join(WORKSPACE_ROOT, 'tests/bench/checkout.bench.ts');
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const RESULT_LINE = new RegExp(
  `^checkout_per_s=(${NUMBER}) sql_ceiling_per_s=(${NUMBER}) ratio=(${NUMBER}) p50_ms=(${NUMBER}) p99_ms=(${NUMBER})$`,
);

// Keeps `npm run bench:checkout` from rotting: a short run of both sides, figures unjudged. The run
// fails when the SQL ceiling stops writing a table the platform's checkouts write, or the other way.
describe('the checkout benchmark', () => {
  let running: RunningProcess | undefined;
  afterAll(async () => {
    if (running) await stop(running);
  });

  it('checks out through the distributed platform and straight in SQL, writing the same tables, and prints one line', { timeout: 300_000 }, async () => {
    running = runTs(BENCH, ['--duration', '2', '--rounds', '1', '--concurrency', '4', '--warmup', '1', '--skus', '3']);
    let stdout = '';
    running.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));

    expect(await running.exited, running.output()).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const [perSecond, ceiling, ratio] = RESULT_LINE.exec(lines[0]!)?.slice(1).map(Number) ?? [];
    expect(perSecond, lines[0]).toBeGreaterThan(0);
    expect(ceiling).toBeGreaterThan(0);
    expect(ratio).toBeCloseTo(perSecond! / ceiling!, 2);
    expect(running.output()).toContain('stock levels match their movement ledger');
  });
});
