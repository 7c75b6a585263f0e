import { LightShape } from '../components/TrafficLight';
import type { TrafficLight } from '../lib/api/types';

export interface Segment {
  light: TrafficLight | null;
  label: string;
  count: number;
}

const WIDTH = 600;
const HEIGHT = 30;

/**
 * One stacked bar of the traffic-light distribution with a legend (shape + label + count),
 * so the chart reads without colour.
 */
export function DistributionChart({ segments }: { segments: Segment[] }) {
  const total = segments.reduce((sum, s) => sum + s.count, 0) || 1;
  const widths = segments.map((s) => (WIDTH * s.count) / total);
  const offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  return (
    <div className="distribution-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {segments.map((segment, i) => (
          <rect
            key={segment.label}
            x={offsets[i]}
            y={0}
            width={widths[i]}
            height={HEIGHT}
            className={`segment segment-${segment.light ?? 'none'}`}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <ul className="legend">
        {segments.map((segment) => (
          <li key={segment.label} className={`light-${segment.light ?? 'none'}`}>
            <LightShape light={segment.light} />
            <span className="legend-text">
              {segment.label}: <strong>{segment.count}</strong>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
