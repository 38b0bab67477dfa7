import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTs, stop, WORKSPACE_ROOT, type RunningProcess } from '../support/processes';

const BENCH = path.join(WORKSPACE_ROOT, 'tests/bench/terminals.bench.ts');
const NUMBER = String.raw`\d+(?:\.\d+)?`;
const RESULT_LINE = new RegExp(
  `^terminals=5 handshake_p99_ms=(${NUMBER}) payment_roundtrip_p99_ms=(${NUMBER}) rss_per_terminal_kb=(-?${NUMBER})` +
    ` handshake_p50_ms=(${NUMBER}) payment_roundtrip_p50_ms=(${NUMBER})$`,
);

// Keeps `npm run bench:terminals` from rotting: a small run end to end, figures unjudged.
describe('the terminals benchmark', () => {
  let running: RunningProcess | undefined;
  afterAll(async () => {
    if (running) await stop(running);
  });

  it('connects its terminals, takes their payments and prints one line of figures', { timeout: 180_000 }, async () => {
    running = runTs(BENCH, ['--terminals', '5', '--rounds', '1']);
    let stdout = '';
    running.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));

    expect(await running.exited, running.output()).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const figures = RESULT_LINE.exec(lines[0]!)?.slice(1).map(Number);
    expect(figures, lines[0]).toHaveLength(5);
    for (const figure of figures!) expect(Number.isFinite(figure)).toBe(true);
  });
});
