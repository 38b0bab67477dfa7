import { useId } from 'react';
import { colourOf, niceCeiling } from './palette';

export interface Column {
  readonly label: string;
  /** Value per series key; missing keys are 0. */
  readonly values: Readonly<Record<string, number>>;
}

interface ChartProps {
  columns: readonly Column[];
  series: readonly string[];
  format(value: number): string;
}

const WIDTH = 720;
const HEIGHT = 260;
const AXIS = 80;
const BASE = 30;
const PLOT = HEIGHT - BASE - 10;

/** The drawing: a value axis with three grid lines, and one stacked column per slot. */
function Plot({ columns, series, format, totals, labelledBy }: ChartProps & { totals: number[]; labelledBy: string }) {
  const bound = niceCeiling(Math.max(0, ...totals));
  const slot = (WIDTH - AXIS) / Math.max(1, columns.length);
  const scale = (value: number) => (Math.max(0, value) / bound) * PLOT;
  const description = columns
    .filter((_, i) => totals[i]! > 0)
    .map((c) => `${c.label}: ${series.filter((key) => c.values[key]).map((key) => `${key} ${format(c.values[key]!)}`).join(', ')}`)
    .join('; ');
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={labelledBy} aria-describedby={`${labelledBy}-d`} className="w-full max-w-4xl">
      <desc id={`${labelledBy}-d`}>{description}</desc>
      {[0, 0.5, 1].map((share) => {
        const y = 10 + PLOT - share * PLOT;
        return (
          <g key={share}>
            <line x1={AXIS} x2={WIDTH} y1={y} y2={y} stroke="#cbd5e1" />
            <text x={AXIS - 8} y={y} textAnchor="end" dominantBaseline="middle" className="fill-slate-700 text-[12px]">
              {format(Math.round(bound * share))}
            </text>
          </g>
        );
      })}
      {columns.map((column, i) => {
        let top = 10 + PLOT;
        const x = AXIS + i * slot;
        return (
          <g key={column.label}>
            {series.map((key, s) => {
              const h = scale(column.values[key] ?? 0);
              top -= h;
              return h > 0 ? <rect key={key} x={x + slot * 0.15} y={top} width={slot * 0.7} height={h} fill={colourOf(s)} /> : null;
            })}
            <text x={x + slot / 2} y={HEIGHT - 10} textAnchor="middle" className="fill-slate-700 text-[12px]">
              {column.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Columns stacked by series (e.g. sales per hour, stacked by department), a legend naming each
 * colour, and the figures in the image's accessible description. Negative parts are not drawn.
 */
export function StackedColumns({ title, ...chart }: ChartProps & { title: string }) {
  const id = useId();
  const totals = chart.columns.map((c) => chart.series.reduce((sum, key) => sum + Math.max(0, c.values[key] ?? 0), 0));
  return (
    <figure>
      <figcaption id={id} className="mb-2 text-base font-semibold text-slate-800">
        {title}
      </figcaption>
      {totals.some((total) => total > 0) ? (
        <Plot {...chart} totals={totals} labelledBy={id} />
      ) : (
        <p className="text-base text-slate-600">Nothing to show.</p>
      )}
      <ul aria-label="Legend" className="mt-3 flex flex-wrap gap-4 text-base">
        {chart.series.map((key, s) => (
          <li key={key} className="flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-4 w-4 rounded" style={{ background: colourOf(s) }} />
            {key}
          </li>
        ))}
      </ul>
    </figure>
  );
}
