export interface LineSeries {
  key: string;
  /** Solid or dashed: the two series differ in line style and marker shape too. */
  dashed?: boolean;
  points: (number | null)[];
}

const WIDTH = 560;
const HEIGHT = 240;
const PAD = { left: 36, right: 16, top: 16, bottom: 48 };

/** A small line chart over labelled steps (e.g. assessment rounds) on a fixed scale. */
export function LineChart({
  labels,
  series,
  min,
  max,
}: {
  labels: string[];
  series: LineSeries[];
  min: number;
  max: number;
}) {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left + (labels.length <= 1 ? plotW / 2 : (plotW * i) / (labels.length - 1));
  const y = (v: number) => PAD.top + plotH - ((v - min) / Math.max(1, max - min)) * plotH;
  const ticks: number[] = [];
  for (let l = min; l <= max; l++) ticks.push(l);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      className="line-chart"
      aria-hidden="true"
      focusable="false"
    >
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(t)} y2={y(t)} className="grid-line" />
          <text x={PAD.left - 8} y={y(t) + 4} textAnchor="end" className="tick">
            {t}
          </text>
        </g>
      ))}
      {labels.map((label, i) => (
        <text
          key={label}
          x={x(i)}
          y={HEIGHT - PAD.bottom + 18}
          textAnchor="middle"
          className="tick"
        >
          {label.length > 24 ? `${label.slice(0, 23)}…` : label}
        </text>
      ))}
      {series.map((s) => {
        const path = s.points
          .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
          .filter(Boolean)
          .join(' ');
        return (
          <g key={s.key} className={s.dashed ? 'series series-dashed' : 'series'}>
            <polyline points={path} fill="none" />
            {s.points.map((v, i) =>
              v === null ? null : s.dashed ? (
                <rect key={i} x={x(i) - 4} y={y(v) - 4} width={8} height={8} />
              ) : (
                <circle key={i} cx={x(i)} cy={y(v)} r={4.5} />
              ),
            )}
          </g>
        );
      })}
    </svg>
  );
}
