import type { TrafficLight } from '../lib/api/types';
import { LightShape } from '../components/TrafficLight';

export interface Bar {
  key: string | number;
  label: string;
  /** 0..100; `null` draws no bar. */
  value: number | null;
  valueLabel: string;
  light?: TrafficLight | null;
}

const ROW = 28;
const LABEL_WIDTH = 290;
const VALUE_WIDTH = 70;
const WIDTH = 780;

/** Horizontal bars on a 0–100 scale (SVG, scales with its container, prints crisply). */
export function BarChart({ bars }: { bars: Bar[] }) {
  const plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 24;
  const height = bars.length * ROW + 24;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      className="bar-chart"
      aria-hidden="true"
      focusable="false"
    >
      {[0, 25, 50, 75, 100].map((tick) => {
        const x = LABEL_WIDTH + (plot * tick) / 100;
        return (
          <g key={tick}>
            <line x1={x} x2={x} y1={0} y2={bars.length * ROW} className="grid-line" />
            <text x={x} y={bars.length * ROW + 16} textAnchor="middle" className="tick">
              {tick}
            </text>
          </g>
        );
      })}
      {bars.map((bar, i) => {
        const y = i * ROW;
        const width = bar.value === null ? 0 : (plot * Math.max(0, Math.min(100, bar.value))) / 100;
        return (
          <g key={bar.key} transform={`translate(0 ${y})`}>
            <text x={LABEL_WIDTH - 8} y={ROW / 2 + 5} textAnchor="end" className="bar-label">
              {bar.label.length > 32 ? `${bar.label.slice(0, 31)}…` : bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={6} width={width} height={ROW - 12} className="bar" />
            <text x={LABEL_WIDTH + width + 6} y={ROW / 2 + 5} className="bar-value">
              {bar.valueLabel}
            </text>
            {bar.light !== undefined && (
              <g
                transform={`translate(${WIDTH - VALUE_WIDTH + 30} ${ROW / 2 - 7})`}
                className={`light-${bar.light ?? 'none'}`}
              >
                <LightShape light={bar.light} />
              </g>
            )}
          </g>
        );
      })}
    </svg>
  );
}
