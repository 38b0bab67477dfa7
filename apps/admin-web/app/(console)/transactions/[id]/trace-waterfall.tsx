'use client';

import type { transactions } from '@tillwire/contracts';
import { Fragment, useState } from 'react';
import { StatusBadge } from '../../../_ui/status-badge';
import { Table, Td, Th } from '../../../_ui/table';

type Waterfall = transactions.Waterfall;
type TraceSpan = transactions.TraceSpan;

/** Milliseconds as a person reads them: sub-millisecond, milliseconds or seconds. */
export function duration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1_000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1_000).toFixed(2)} s`;
}

/**
 * One trace as a waterfall: a row per span, indented below its parent, its bar placed by start and
 * length on the trace's time axis; an error is red and says so; a span's name opens its attributes.
 */
export function TraceWaterfall({ waterfall }: { waterfall: Waterfall }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (spanId: string) => {
    const next = new Set(open);
    if (!next.delete(spanId)) next.add(spanId);
    setOpen(next);
  };
  return (
    <Table
      caption={`Spans of trace ${waterfall.traceId}, each below its parent`}
      fixed
      head={
        <>
          <Th>Span</Th>
          <Th className="w-32">Service</Th>
          <Th className="w-24 text-right">Start</Th>
          <Th className="w-24 text-right">Duration</Th>
          <Th className="w-1/4">
            <span className="sr-only">Timeline from 0 to {duration(waterfall.durationMs)}</span>
            <span aria-hidden="true" className="flex justify-between normal-case">
              <span>0</span>
              <span>{duration(waterfall.durationMs)}</span>
            </span>
          </Th>
        </>
      }
    >
      {waterfall.rows.map(({ span, depth, offsetMs, offsetPct, widthPct }) => {
        const failed = span.status === 'error';
        const expanded = open.has(span.spanId);
        return (
          <Fragment key={span.spanId}>
            <tr className={failed ? 'bg-red-50' : undefined}>
              <Td>
                <div className="flex flex-wrap items-center gap-2" style={{ paddingLeft: `${depth}rem` }}>
                  <button
                    type="button"
                    aria-expanded={expanded}
                    aria-controls={`span-${span.spanId}`}
                    onClick={() => toggle(span.spanId)}
                    className={`min-h-10 rounded text-left font-mono text-sm wrap-anywhere underline decoration-dotted focus-visible:outline-4 focus-visible:outline-sky-500 ${failed ? 'text-red-800' : 'text-sky-800'}`}
                  >
                    {span.name}
                  </button>
                  {failed && <StatusBadge tone="bad">error</StatusBadge>}
                </div>
              </Td>
              <Td className="text-sm">
                {span.service}
                <span className="block break-all text-slate-600">{span.node}</span>
              </Td>
              <Td className="text-right text-sm tabular-nums whitespace-nowrap">+{duration(offsetMs)}</Td>
              <Td className="text-right text-sm tabular-nums whitespace-nowrap">{duration(span.durationMs)}</Td>
              <Td>
                <div aria-hidden="true" className="relative h-5 rounded bg-slate-100">
                  <div
                    className={`absolute inset-y-0 rounded ${failed ? 'bg-red-600' : 'bg-sky-600'}`}
                    style={{ left: `${offsetPct}%`, width: `${widthPct}%` }}
                  />
                </div>
              </Td>
            </tr>
            {expanded && (
              <tr id={`span-${span.spanId}`}>
                <td colSpan={5} className="border-b border-slate-200 bg-slate-50 px-4 py-3">
                  <SpanAttributes span={span} />
                </td>
              </tr>
            )}
          </Fragment>
        );
      })}
    </Table>
  );
}

function SpanAttributes({ span }: { span: TraceSpan }) {
  const facts: Array<[string, string]> = [
    ['span', span.spanId],
    ['parent', span.parentSpanId ?? '—'],
    ['kind', span.kind],
    ['status', span.status],
    ...Object.entries(span.attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]): [string, string] => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
      {facts.map(([name, value]) => (
        <Fragment key={name}>
          <dt className="font-semibold text-slate-700">{name}</dt>
          <dd className="font-mono break-all whitespace-pre-wrap">{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
