import type { TraceSpan } from './trace.contract';

/** One span on a trace's time axis: its place in the tree and its bar, in percent of the axis. */
export interface WaterfallRow {
  readonly span: TraceSpan;
  /** 0 for a root; a child is one deeper than its parent. */
  readonly depth: number;
  /** Milliseconds from the trace's first start. */
  readonly offsetMs: number;
  readonly offsetPct: number;
  readonly widthPct: number;
}

/** One trace drawn as a waterfall: every span a row, each below its parent, siblings by start. */
export interface Waterfall {
  readonly traceId: string;
  readonly startMs: number;
  /** From the first start to the last end: the length of the time axis. */
  readonly durationMs: number;
  readonly rows: readonly WaterfallRow[];
}

/** A bar narrower than this would not show at all. */
const MIN_WIDTH_PCT = 0.5;

const byStart = (a: TraceSpan, b: TraceSpan) => a.startMs - b.startMs || a.spanId.localeCompare(b.spanId);

/**
 * The spans of one or more traces as waterfalls, earliest trace first. A span whose parent is not
 * among them (recorded nowhere, or overwritten) is drawn as a root of its trace.
 */
export function waterfalls(spans: readonly TraceSpan[]): Waterfall[] {
  const traces = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    const members = traces.get(span.traceId);
    if (members) members.push(span);
    else traces.set(span.traceId, [span]);
  }
  return [...traces.entries()].map(([traceId, members]) => waterfall(traceId, members)).sort((a, b) => a.startMs - b.startMs);
}

function waterfall(traceId: string, spans: readonly TraceSpan[]): Waterfall {
  const startMs = spans.reduce((first, s) => Math.min(first, s.startMs), Infinity);
  const durationMs = spans.reduce((last, s) => Math.max(last, s.startMs + s.durationMs), -Infinity) - startMs;
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of [...spans].sort(byStart)) {
    const parent = span.parentSpanId;
    if (parent !== null && parent !== span.spanId && ids.has(parent)) {
      const siblings = children.get(parent);
      if (siblings) siblings.push(span);
      else children.set(parent, [span]);
    } else {
      roots.push(span);
    }
  }
  const rows: WaterfallRow[] = [];
  const placed = new Set<string>();
  // Depth first without recursion: a deep trace cannot overflow the stack.
  const pending = roots.map((span) => ({ span, depth: 0 })).reverse();
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { span, depth } = next;
    if (placed.has(span.spanId)) continue;
    placed.add(span.spanId);
    rows.push(row(span, depth, startMs, durationMs));
    const below = children.get(span.spanId) ?? [];
    for (let i = below.length - 1; i >= 0; i -= 1) pending.push({ span: below[i]!, depth: depth + 1 });
  }
  // Spans only reachable through a cycle of parents (a corrupt record) still get a row.
  for (const span of [...spans].sort(byStart)) if (!placed.has(span.spanId)) rows.push(row(span, 0, startMs, durationMs));
  return { traceId, startMs, durationMs, rows };
}

function row(span: TraceSpan, depth: number, startMs: number, durationMs: number): WaterfallRow {
  const offsetMs = span.startMs - startMs;
  if (durationMs <= 0) return { span, depth, offsetMs, offsetPct: 0, widthPct: 100 };
  const widthPct = Math.min(100, Math.max(MIN_WIDTH_PCT, (span.durationMs / durationMs) * 100));
  return { span, depth, offsetMs, offsetPct: Math.min((offsetMs / durationMs) * 100, 100 - widthPct), widthPct };
}
