import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTs, stop, WORKSPACE_ROOT, type RunningProcess } from '../support/processes';

const BENCH = path.join(WORKSPACE_ROOT, 'tests/bench/reports.bench.ts');
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const RESULT_LINE = new RegExp(`^reconcile_1m_s=(${NUMBER}) summary_p95_ms_cached=(${NUMBER}) summary_p95_ms_uncached=(${NUMBER})$`);

// Keeps `npm run bench:reports` from rotting: a small day end to end, figures unjudged.
describe('the reports benchmark', () => {
  let running: RunningProcess | undefined;
  afterAll(async () => {
    if (running) await stop(running);
  });

  it('seeds a day, reconciles it, reads its summaries and prints one line of figures', { timeout: 180_000 }, async () => {
    running = runTs(BENCH, ['--transactions', '2000', '--terminals', '5', '--summaries', '8']);
    let stdout = '';
    running.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));

    expect(await running.exited, running.output()).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const figures = RESULT_LINE.exec(lines[0]!)?.slice(1).map(Number);
    expect(figures, lines[0]).toHaveLength(3);
    for (const figure of figures!) expect(Number.isFinite(figure)).toBe(true);
  });
});
