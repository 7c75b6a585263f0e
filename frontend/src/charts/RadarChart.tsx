export interface RadarAxis {
  code: string;
  label: string;
  actual: number | null;
  target: number | null;
}

const SIZE = 560;
const CENTER = SIZE / 2;
const RADIUS = 150;

/**
 * Radar of Ist (filled polygon, solid line, round markers) against Soll (dashed line,
 * square markers) on a level scale. Shapes and line styles differ, not only colours.
 */
export function RadarChart({ axes, min, max }: { axes: RadarAxis[]; min: number; max: number }) {
  const n = Math.max(axes.length, 3);
  const angle = (i: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const r = (value: number) => ((value - min) / Math.max(1, max - min)) * RADIUS;
  const point = (i: number, value: number) => [
    CENTER + Math.cos(angle(i)) * r(value),
    CENTER + Math.sin(angle(i)) * r(value),
  ];
  const polygon = (values: (number | null)[]) =>
    values.map((v, i) => point(i, v ?? min).join(',')).join(' ');
  const levels: number[] = [];
  for (let l = min; l <= max; l++) levels.push(l);
  return (
    <svg
      viewBox={`0 0 ${SIZE} ${SIZE}`}
      width={SIZE}
      height={SIZE}
      className="radar"
      aria-hidden="true"
      focusable="false"
    >
      {levels.map((l) => (
        <polygon key={l} points={polygon(axes.map(() => l))} className="radar-ring" />
      ))}
      {axes.map((a, i) => {
        const [x, y] = point(i, max);
        const [lx, ly] = [
          CENTER + Math.cos(angle(i)) * (RADIUS + 22),
          CENTER + Math.sin(angle(i)) * (RADIUS + 22),
        ];
        const anchor = Math.abs(lx - CENTER) < 10 ? 'middle' : lx > CENTER ? 'start' : 'end';
        return (
          <g key={a.code}>
            <line x1={CENTER} y1={CENTER} x2={x} y2={y} className="radar-axis" />
            <text x={lx} y={ly + 4} textAnchor={anchor} className="radar-label">
              {a.code}
            </text>
          </g>
        );
      })}
      {levels.map((l) => (
        <text key={`t${l}`} x={CENTER + 3} y={CENTER - r(l) - 2} className="tick">
          {l}
        </text>
      ))}
      <polygon points={polygon(axes.map((a) => a.target))} className="radar-target" />
      <polygon points={polygon(axes.map((a) => a.actual))} className="radar-actual" />
      {axes.map((a, i) => {
        if (a.target === null) return null;
        const [x, y] = point(i, a.target);
        return (
          <rect
            key={`s${a.code}`}
            x={x! - 4}
            y={y! - 4}
            width={8}
            height={8}
            className="radar-target-mark"
          />
        );
      })}
      {axes.map((a, i) => {
        if (a.actual === null) return null;
        const [x, y] = point(i, a.actual);
        return <circle key={`a${a.code}`} cx={x} cy={y} r={4.5} className="radar-actual-mark" />;
      })}
    </svg>
  );
}
