import { describe, expect, it } from 'vitest';
import type { TraceSpan } from './trace.contract';
import { waterfalls } from './trace-waterfall';

const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);

function span(spanId: string, parentSpanId: string | null, startMs: number, durationMs: number, traceId = T1): TraceSpan {
  return { traceId, spanId, parentSpanId, name: spanId, kind: 'internal', service: 'api', node: 'n1', startMs, durationMs, status: 'unset', attributes: {} };
}

const layout = (rows: ReturnType<typeof waterfalls>[number]['rows']) =>
  rows.map((r) => [r.span.spanId, r.depth, r.offsetMs, r.offsetPct, r.widthPct]);

describe('waterfalls', () => {
  it('puts each span below its parent, siblings by start, with bars on the trace time axis', () => {
    // Given out of order, as nodes answer them.
    const [trace] = waterfalls([
      span('sql', 'reserve', 1_040, 10),
      span('allocate', 'create', 1_060, 20),
      span('create', 'http', 1_010, 80),
      span('http', null, 1_000, 100),
      span('reserve', 'create', 1_020, 30),
    ]);
    expect(trace).toMatchObject({ traceId: T1, startMs: 1_000, durationMs: 100 });
    expect(layout(trace!.rows)).toEqual([
      ['http', 0, 0, 0, 100],
      ['create', 1, 10, 10, 80],
      ['reserve', 2, 20, 20, 30],
      ['sql', 3, 40, 40, 10],
      ['allocate', 2, 60, 60, 20],
    ]);
  });

  it('draws a span whose parent was recorded nowhere (the browser, an overwritten span) as a root', () => {
    const [trace] = waterfalls([span('complete', 'browser-span', 0, 40), span('pay', 'complete', 10, 20), span('orphan', 'evicted', 50, 50)]);
    expect(trace!.rows.map((r) => [r.span.spanId, r.depth])).toEqual([
      ['complete', 0],
      ['pay', 1],
      ['orphan', 0],
    ]);
  });

  it('keeps a bar too short to see at a visible width, inside the axis', () => {
    const [trace] = waterfalls([span('long', null, 0, 10_000), span('blink', 'long', 10_000, 0)]);
    const blink = trace!.rows[1]!;
    expect(blink.widthPct).toBe(0.5);
    expect(blink.offsetPct + blink.widthPct).toBe(100);
  });

  it('fills the axis with a trace of a single instant', () => {
    const [trace] = waterfalls([span('instant', null, 5, 0)]);
    expect(trace).toMatchObject({ durationMs: 0, rows: [{ offsetPct: 0, widthPct: 100 }] });
  });

  it('answers one waterfall per trace, earliest first, each on its own axis', () => {
    const traces = waterfalls([span('complete', null, 9_000, 200, T2), span('create', null, 1_000, 50, T1)]);
    expect(traces.map((t) => [t.traceId, t.startMs, t.durationMs, t.rows[0]!.widthPct])).toEqual([
      [T1, 1_000, 50, 100],
      [T2, 9_000, 200, 100],
    ]);
  });

  it('still shows every span of a corrupt record whose parents form a cycle, once each', () => {
    const [trace] = waterfalls([span('root', null, 0, 100), span('x', 'y', 10, 10), span('y', 'x', 20, 10), span('self', 'self', 30, 10)]);
    expect(trace!.rows.map((r) => r.span.spanId).sort()).toEqual(['root', 'self', 'x', 'y']);
  });

  it('answers nothing for no spans', () => {
    expect(waterfalls([])).toEqual([]);
  });
});
