import { useId } from 'react';
import { colourOf, niceCeiling } from './palette';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

const WIDTH = 640;
const LABEL = 170;
const VALUE = 110;
const ROW = 40;

/**
 * One bar per item, longest scale first: a picture for the eye, its figures in the bars' text and
 * in the image's accessible description. Negative values draw no bar; their figure still shows.
 */
export function HorizontalBars({ title, bars, format }: { title: string; bars: readonly Bar[]; format(value: number): string }) {
  const id = useId();
  const bound = niceCeiling(Math.max(0, ...bars.map((b) => b.value)));
  const span = WIDTH - LABEL - VALUE;
  const height = Math.max(1, bars.length) * ROW;
  const description = bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ');
  return (
    <figure className="max-w-3xl">
      <figcaption id={id} className="mb-2 text-base font-semibold text-slate-800">
        {title}
      </figcaption>
      {bars.length === 0 ? (
        <p className="text-base text-slate-600">Nothing to show.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={id} aria-describedby={`${id}-d`} className="w-full">
          <desc id={`${id}-d`}>{description}</desc>
          {bars.map((bar, i) => {
            const length = (Math.max(0, bar.value) / bound) * span;
            const y = i * ROW;
            return (
              <g key={bar.label}>
                <text x={LABEL - 10} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" className="fill-slate-800 text-[14px]">
                  {bar.label}
                </text>
                <rect x={LABEL} y={y + 6} width={length} height={ROW - 12} rx={4} fill={colourOf(i)} />
                <text x={LABEL + length + 8} y={y + ROW / 2} dominantBaseline="middle" className="fill-slate-900 text-[14px] font-semibold">
                  {format(bar.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}
