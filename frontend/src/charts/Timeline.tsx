import type { TrafficLight } from '../lib/api/types';

export interface TimelineRow {
  id: number;
  label: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  /** `null` while running: the bar then ends today. */
  actualEnd: string | null;
  light: TrafficLight | null;
  milestones: { due: string; done: boolean }[];
}

const LABEL = 170;
const WIDTH = 1100;
const ROW = 26;
const AXIS = 38;

const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));

/**
 * A Gantt-like timeline in SVG: per row the planned period as a frame, the actual course as
 * a bar inside it, milestones as diamonds, and a line for today. Years are marked on the axis.
 */
export function Timeline({
  rows,
  from,
  to,
  today,
  todayLabel,
}: {
  rows: TimelineRow[];
  from: string;
  to: string;
  today: string;
  todayLabel: string;
}) {
  const start = day(from);
  const end = Math.max(day(to), start + 86_400_000);
  const plot = WIDTH - LABEL - 10;
  const x = (iso: string) => LABEL + ((day(iso) - start) / (end - start)) * plot;
  const height = AXIS + rows.length * ROW + 6;
  const years: number[] = [];
  for (let y = +from.slice(0, 4); y <= +to.slice(0, 4) + 1; y++) years.push(y);
  const todayX = x(today);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      className="timeline"
      aria-hidden="true"
      focusable="false"
    >
      {years.map((y) => {
        const yx = x(`${y}-01-01`);
        if (yx < LABEL || yx > WIDTH - 40) return null;
        return (
          <g key={y}>
            <line x1={yx} x2={yx} y1={AXIS - 6} y2={height} className="grid-line" />
            <text x={yx + 4} y={14} className="tick">
              {y}
            </text>
          </g>
        );
      })}
      {rows.map((row, i) => {
        const top = AXIS + i * ROW;
        const hasPlan = row.plannedStart && row.plannedEnd;
        const actualFrom = row.actualStart;
        const actualTo = row.actualEnd ?? (actualFrom ? today : null);
        return (
          <g key={row.id} transform={`translate(0 ${top})`}>
            <text x={LABEL - 8} y={ROW / 2 + 4} textAnchor="end" className="bar-label">
              {row.label}
            </text>
            {hasPlan && (
              <rect
                x={x(row.plannedStart!)}
                y={4}
                width={Math.max(2, x(row.plannedEnd!) - x(row.plannedStart!))}
                height={ROW - 8}
                className={`planned planned-${row.light ?? 'none'}`}
              />
            )}
            {actualFrom && actualTo && (
              <rect
                x={x(actualFrom)}
                y={ROW / 2 - 3}
                width={Math.max(2, x(actualTo) - x(actualFrom))}
                height={6}
                className="actual"
              />
            )}
            {row.milestones.map((m, j) => {
              const mx = x(m.due);
              const my = ROW / 2;
              return (
                <path
                  key={j}
                  d={`M${mx} ${my - 6} L${mx + 6} ${my} L${mx} ${my + 6} L${mx - 6} ${my} Z`}
                  className={m.done ? 'milestone done' : 'milestone open'}
                />
              );
            })}
          </g>
        );
      })}
      {todayX >= LABEL && todayX <= WIDTH && (
        <g>
          <line x1={todayX} x2={todayX} y1={18} y2={height} className="today" />
          <text x={todayX + 4} y={30} className="today-label">
            {todayLabel}
          </text>
        </g>
      )}
    </svg>
  );
}
